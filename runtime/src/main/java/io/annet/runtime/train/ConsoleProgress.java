package io.annet.runtime.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * A training listener that shows progress on the console: a one-line bar redrawn in place (epoch,
 * batch, loss, images/s, time left) while an epoch runs, and one summary line per finished epoch.
 *
 * <p>{@link Trainer} adds one by itself when the program runs in a terminal ({@code
 * System.console() != null}); {@code Trainer.builder().consoleProgress(true)} forces it and
 * {@code consoleProgress(false)} turns it off. The bar is never wider than the terminal: its width
 * comes from the {@code COLUMNS} environment variable, or is taken as 80 when that is unknown, and
 * narrow widths drop the bar's parts from the least useful (time left, speed, loss) before
 * cutting.
 */
public final class ConsoleProgress implements TrainingListener {
  /** The width assumed when the terminal does not say (no {@code COLUMNS}). */
  public static final int DEFAULT_WIDTH = 80;

  private static final long REDRAW_NANOS = 200_000_000L;

  private final String label;
  private final PrintWriter lines;
  private final PrintWriter bar;
  private final IntSupplier width;
  private int epochs;
  private long epochStart;
  private long lastDraw;
  private int drawn;
  private DoubleSupplier decodeRate = () -> Double.NaN;

  /**
   * @param label the name shown before the epoch, e.g. the model's name; may be empty
   * @param lines where the per-epoch summary lines go
   * @param bar where the bar is drawn (with carriage returns); null for no bar
   * @param width the terminal's width in columns; 0 or less when unknown
   */
  public ConsoleProgress(String label, PrintWriter lines, PrintWriter bar, IntSupplier width) {
    this.label = label == null ? "" : label;
    this.lines = lines;
    this.bar = bar;
    this.width = width;
  }

  /**
   * Progress for the console: epoch lines on standard output, the bar on standard error when a
   * terminal is attached.
   */
  public static ConsoleProgress create(String label) {
    PrintWriter bar = System.console() == null ? null : new PrintWriter(System.err, true);
    return new ConsoleProgress(
        label, new PrintWriter(System.out, true), bar, ConsoleProgress::terminalWidth);
  }

  /**
   * Shows {@code rate} (images decoded per second by a streaming source, NaN for none) on the bar
   * next to the training speed, so that a decoder slower than training is seen at once.
   */
  public ConsoleProgress showDecodeRate(DoubleSupplier rate) {
    this.decodeRate = rate;
    return this;
  }

  /** The terminal's width from {@code COLUMNS}, or 0 when unknown. */
  public static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    try {
      return columns == null ? 0 : Integer.parseInt(columns.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    this.epochs = epochs;
    epochStart = System.nanoTime();
    lastDraw = 0;
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int batches, double loss, double imagesPerSecond) {
    if (bar == null) {
      return;
    }
    long now = System.nanoTime();
    if (batch + 1 < batches && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double elapsed = (now - epochStart) / 1e9;
    double left = elapsed / (batch + 1) * (batches - batch - 1);
    String text = render(title(epoch), batch + 1, batches, loss, imagesPerSecond,
        decodeRate.getAsDouble(), left, width.getAsInt());
    // Pad over a longer previous line, then return to the line's start.
    bar.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())) + "\r");
    bar.flush();
    drawn = text.length();
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    clear();
    String prefix = label.isEmpty() ? "" : label + " ";
    lines.println(String.format(Locale.ROOT,
        "%sepoch %d/%d: train loss %.4f, test loss %.4f, test accuracy %s, %.1f s, %.0f images/s",
        prefix, result.epoch() + 1, epochs, result.trainLoss(), result.testLoss(),
        percent(result.testAccuracy()), result.seconds(), result.imagesPerSecond()));
    lines.flush();
  }

  /** Wipes the bar and says where training stopped and what was saved. */
  @Override
  public void onInterrupted(TrainingInterruptedException stop) {
    clear();
    lines.println(stop.getMessage());
    lines.flush();
  }

  /** Wipes the bar, e.g. before other output after an interrupted epoch. */
  public void clear() {
    if (bar != null && drawn > 0) {
      bar.print("\r" + " ".repeat(drawn) + "\r");
      bar.flush();
      drawn = 0;
    }
  }

  /** A fraction as a percentage the way Annet prints them all: {@code "97.21 %"}. */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
  }

  private String title(int epoch) {
    String e = (epoch + 1) + "/" + epochs;
    return label.isEmpty() ? "epoch " + e : label + " " + e;
  }

  /**
   * One line of the bar, at most {@code width - 1} characters (a full-width line would wrap on
   * some terminals): {@code "Tiny 1/5 [=====>    ] 45/125 loss 0.312 4100 img/s 0:02 left"}.
   * An unknown width ({@code <= 0}) counts as {@link #DEFAULT_WIDTH}; narrow widths drop the time
   * left, then the speed, then the loss, then the bar itself, and cut the title last.
   */
  static String render(String title, int done, int total, double loss, double imagesPerSecond,
      double secondsLeft, int width) {
    return render(title, done, total, loss, imagesPerSecond, Double.NaN, secondsLeft, width);
  }

  /** The bar with a streaming source's decode speed after the training speed (unless NaN). */
  static String render(String title, int done, int total, double loss, double imagesPerSecond,
      double decodePerSecond, double secondsLeft, int width) {
    int columns = (width <= 0 ? DEFAULT_WIDTH : width) - 1;
    String count = done + "/" + total;
    String speed = String.format(Locale.ROOT, "%.0f img/s", imagesPerSecond);
    String[] extras = Double.isNaN(decodePerSecond)
        ? new String[] {String.format(Locale.ROOT, "loss %.3f", loss), speed,
            clock(secondsLeft) + " left"}
        : new String[] {String.format(Locale.ROOT, "loss %.3f", loss), speed,
            String.format(Locale.ROOT, "decode %.0f img/s", decodePerSecond),
            clock(secondsLeft) + " left"};
    for (int kept = extras.length; kept >= 0; kept--) {
      StringBuilder tail = new StringBuilder(" ").append(count);
      for (int i = 0; i < kept; i++) {
        tail.append(' ').append(extras[i]);
      }
      int room = columns - title.length() - tail.length() - 3; // " [" and "]"
      if (room >= 10 || (kept == 0 && room >= 5)) {
        int cells = Math.min(room, 40);
        int full = total <= 0 ? 0 : (int) ((long) cells * done / total);
        String inside = "=".repeat(full) + (full < cells ? ">" + " ".repeat(cells - full - 1) : "");
        return title + " [" + inside + "]" + tail;
      }
    }
    // Too narrow for a bar: the count, after as much of the title as fits.
    int titleRoom = columns - count.length() - 1;
    if (titleRoom <= 0) {
      return count.length() <= columns ? count : "";
    }
    return title.substring(0, Math.min(title.length(), titleRoom)).stripTrailing() + " " + count;
  }

  private static String clock(double seconds) {
    long s = Double.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
