package io.annet.examples.cli;

import io.annet.runtime.train.EpochResult;
import io.annet.runtime.train.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar per epoch (batch, loss, images/s, ETA) when the program
 * runs in a terminal, and one summary line per finished epoch in any case.
 */
final class ProgressListener implements TrainingListener {
  private final String model;
  private final PrintWriter out;
  private final PrintStream terminal;
  private ProgressBar bar;

  /**
   * @param model the name shown on the bar and the epoch lines
   * @param out where epoch lines go
   * @param terminal where the bar is drawn; null for no bar
   */
  ProgressListener(String model, PrintWriter out, PrintStream terminal) {
    this.model = model;
    this.out = out;
    this.terminal = terminal;
  }

  /** A listener that draws the bar on standard error only when a console is attached. */
  static ProgressListener forConsole(String model, PrintWriter out) {
    return new ProgressListener(model, out, System.console() == null ? null : System.err);
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    closeBar();
    if (terminal != null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "%s %d/%d", model, epoch + 1, epochs))
              .setInitialMax(1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .setConsumer(new ConsoleProgressBarConsumer(terminal))
              .clearDisplayOnFinish()
              .build();
    }
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int batches, double loss, double imagesPerSecond) {
    if (bar != null) {
      bar.maxHint(batches);
      bar.stepTo(batch + 1);
      bar.setExtraMessage(
          String.format(Locale.ROOT, "loss %.3f %.0f img/s", loss, imagesPerSecond));
    }
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    closeBar();
    out.println(
        String.format(
            Locale.ROOT,
            "%s epoch %d: train loss %.4f, test loss %.4f, test accuracy %.2f %%, %.1f s, %.0f"
                + " images/s",
            model,
            result.epoch() + 1,
            result.trainLoss(),
            result.testLoss(),
            100 * result.testAccuracy(),
            result.seconds(),
            result.imagesPerSecond()));
    out.flush();
  }

  /** Removes a bar left over from an interrupted epoch. */
  void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
