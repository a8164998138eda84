package io.annet.processor.emit;

import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats a model's compile-time summary: one row per layer (layer | kind | output | parameters |
 * MACs), the input first and the totals last, in fixed-width columns.
 */
public final class SummaryTable {
  private static final String[] HEADER = {"layer", "kind", "output", "parameters", "MACs"};

  private SummaryTable() {}

  /**
   * The table of {@code table}; {@code implicitSoftmax} adds the softmax the network appends when
   * the model does not end in {@code @Softmax}.
   */
  public static String format(ShapeTable table, boolean implicitSoftmax) {
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    lines.add(new String[] {"input", "", table.model().input().toString(), "", ""});
    for (LayerRow row : table.rows()) {
      lines.add(
          new String[] {
            row.layer().name(),
            row.layer().kind(),
            row.output().toString(),
            number(row.parameters()),
            number(row.macs())
          });
    }
    if (implicitSoftmax) {
      Object last = table.rows().isEmpty() ? table.model().input() : lastOutput(table);
      lines.add(new String[] {"softmax", "Softmax (implicit)", last.toString(), "0", "0"});
    }
    lines.add(new String[] {"total", "", "", number(table.parameters()), number(table.macs())});
    return render(lines);
  }

  private static Object lastOutput(ShapeTable table) {
    return table.rows().get(table.rows().size() - 1).output();
  }

  /** Thousands grouped with commas, independent of the default locale: {@code 1,234,567}. */
  static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String render(List<String[]> lines) {
    int[] widths = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] line : lines) {
      StringBuilder l = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        boolean numeric = i >= 3;
        String cell = numeric ? pad(line[i], widths[i], true) : pad(line[i], widths[i], false);
        l.append(i == 0 ? "" : "  ").append(cell);
      }
      b.append(l.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }
}
