package io.annet.examples.cli;

import java.util.List;
import java.util.Locale;

/**
 * What one training run of {@code compare} measured, and the table that lines several up.
 *
 * @param model the model's name
 * @param parameters trainable parameters of the whole network
 * @param headParameters trainable parameters of the layers after the shared body
 * @param macs multiply-accumulates per example in one forward pass
 * @param seconds wall-clock training time, evaluation excluded
 * @param imagesPerSecond training examples processed per second
 * @param accuracy test accuracy in [0, 1]
 * @param loss mean test cross-entropy
 */
public record RunResult(
    String model,
    long parameters,
    long headParameters,
    long macs,
    double seconds,
    double imagesPerSecond,
    double accuracy,
    double loss) {

  private static final String[] HEADERS = {
    "model", "parameters", "head params", "MACs", "train time", "images/s", "test acc", "test loss"
  };

  /** A fixed-width text table with one row per run. */
  public static String table(List<RunResult> runs) {
    String[][] cells = new String[runs.size() + 1][];
    cells[0] = HEADERS;
    for (int i = 0; i < runs.size(); i++) {
      RunResult r = runs.get(i);
      cells[i + 1] =
          new String[] {
            r.model(),
            String.format(Locale.ROOT, "%,d", r.parameters()),
            String.format(Locale.ROOT, "%,d", r.headParameters()),
            String.format(Locale.ROOT, "%,d", r.macs()),
            String.format(Locale.ROOT, "%.1f s", r.seconds()),
            String.format(Locale.ROOT, "%.0f", r.imagesPerSecond()),
            String.format(Locale.ROOT, "%.2f %%", 100 * r.accuracy()),
            String.format(Locale.ROOT, "%.4f", r.loss())
          };
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : cells) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < cells.length; r++) {
      for (int c = 0; c < widths.length; c++) {
        String cell = cells[r][c];
        String pad = " ".repeat(widths[c] - cell.length());
        sb.append(c == 0 ? "" : " | ").append(c == 0 ? cell + pad : pad + cell);
      }
      sb.append('\n');
      if (r == 0) {
        for (int c = 0; c < widths.length; c++) {
          sb.append(c == 0 ? "" : "-|-").append("-".repeat(widths[c]));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
