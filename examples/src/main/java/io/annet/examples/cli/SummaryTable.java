package io.annet.examples.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * The text of {@code annet summary}: the model's name and input, then the processor's table with
 * each layer's settings (kernel, stride, padding, activation, inputs) taken from its spec.
 */
final class SummaryTable {
  private SummaryTable() {}

  /** The summary of one model, without a trailing newline. */
  static String format(ModelRegistry.Entry entry) {
    String[] specLines = entry.spec() == null ? new String[0] : entry.spec().split("\n");
    Map<String, String> settings = new HashMap<>();
    for (int i = 1; i < specLines.length; i++) {
      int space = specLines[i].indexOf(' ');
      if (space > 0) {
        settings.put(specLines[i].substring(0, space), settings(specLines[i].substring(space + 1)));
      }
    }
    StringBuilder sb = new StringBuilder();
    String header = specLines.length == 0 ? "" : specLines[0];
    // "input=[...] classes=N"; specs written before issue 12 began with the model's name.
    int start = header.startsWith("input=") ? 0 : header.indexOf(' ') + 1;
    sb.append(entry.name()).append(" (").append(entry.className()).append(")");
    if (start >= 0 && header.startsWith("input=", start)) {
      sb.append(": ").append(header.substring(start).replace("=", " "));
    }
    sb.append('\n');
    String[] rows = entry.summary().stripTrailing().split("\n");
    int width = 0;
    for (String row : rows) {
      width = Math.max(width, row.stripTrailing().length());
    }
    for (int r = 0; r < rows.length; r++) {
      String row = rows[r].stripTrailing();
      String name = row.split(" ", 2)[0];
      String extra = r == 0 ? "settings" : settings.getOrDefault(name, "");
      sb.append(extra.isEmpty() ? row : row + " ".repeat(width - row.length() + 2) + extra);
      if (r + 1 < rows.length) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The settings part of a spec line after its name: {@code "@Conv(filters=32, window=3x3/1 pad 1,
   * activation=RELU, bias=true) -> [32, 28, 28]"} gives {@code "filters=32, window=3x3/1 pad 1,
   * activation=RELU, bias=true"}; inputs other than the previous layer follow as {@code "<- a,
   * b"}.
   */
  static String settings(String rest) {
    int arrow = rest.lastIndexOf(" -> ");
    String body = arrow >= 0 ? rest.substring(0, arrow) : rest;
    String inputs = "";
    int from = body.indexOf(" <- ");
    if (from >= 0) {
      inputs = body.substring(from + 1);
      body = body.substring(0, from);
    }
    int open = body.indexOf('(');
    String inside =
        open >= 0 && body.endsWith(")") ? body.substring(open + 1, body.length() - 1) : "";
    return inputs.isEmpty() ? inside : (inside.isEmpty() ? inputs : inside + " " + inputs);
  }
}
