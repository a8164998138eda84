package io.annet.examples.cli;

import io.annet.runtime.train.ConsoleProgress;
import io.annet.runtime.train.TrainingListener;
import java.io.PrintWriter;

/**
 * A progress bar over a whole job of several training runs: steps done of the job's total, the
 * current stage and the time left; drawn on a terminal only (at most ten times a second).
 */
final class JobProgress implements TrainingListener {
  private static final int BAR = 30;
  private final PrintWriter bar;
  private final long total;
  private final long start = System.nanoTime();
  private long done;
  private long lastDraw;
  private String stage = "";

  /** A bar on {@code bar} (null: none) over {@code total} training steps. */
  JobProgress(PrintWriter bar, long total) {
    this.bar = bar;
    this.total = Math.max(1, total);
  }

  /** Names what runs now. */
  void stage(String stage) {
    this.stage = stage;
    draw(true);
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int batches, double loss, double imagesPerSecond) {
    done++;
    draw(false);
  }

  /** Clears the bar. */
  void done() {
    if (bar != null) {
      bar.print("\r" + " ".repeat(Math.min(ConsoleProgress.terminalWidth(), 79)) + "\r");
      bar.flush();
    }
  }

  private void draw(boolean now) {
    long t = System.nanoTime();
    if (bar == null || (!now && t - lastDraw < 100_000_000L)) {
      return;
    }
    lastDraw = t;
    double fraction = Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * BAR);
    double elapsed = (t - start) / 1e9;
    String left = done == 0 ? "?" : String.format("%.0f s", elapsed / fraction - elapsed);
    String line = String.format("[%s%s] %3.0f%% %s, %s left", "#".repeat(filled),
        ".".repeat(BAR - filled), 100 * fraction, stage, left);
    int width = ConsoleProgress.terminalWidth();
    if (line.length() > width - 1) {
      line = line.substring(0, width - 1);
    }
    bar.print("\r" + line + " ".repeat(Math.max(0, width - 1 - line.length())));
    bar.flush();
  }
}
