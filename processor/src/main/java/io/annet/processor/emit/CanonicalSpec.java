package io.annet.processor.emit;

import io.annet.processor.model.ModelSpec;
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.List;

/**
 * The canonical text of an architecture: a header line with the input and classes, then one line
 * per layer with its name, its annotation's canonical form, its inputs (in a graph) and its output
 * shape. Checkpoints store it, with its SHA-256, and compare it line by line to recognise the
 * architecture. It leaves out the interface's name and package on purpose: renaming or moving an
 * interface changes no weight, so its old checkpoints still load (the name is stored and shown
 * separately), while any change of a layer, its attributes or its wiring is a new architecture.
 */
public final class CanonicalSpec {
  private CanonicalSpec() {}

  /**
   * For example {@code "input=[1, 28, 28] classes=10\nconv1 @Conv(...) -> [32, 28, 28]\n"} and
   * so on, each line ending in a newline.
   */
  public static String of(ShapeTable table) {
    ModelSpec model = table.model();
    StringBuilder b = new StringBuilder();
    b.append("input=")
        .append(model.input())
        .append(" classes=")
        .append(model.classes())
        .append('\n');
    for (int i = 0; i < table.rows().size(); i++) {
      LayerRow row = table.rows().get(i);
      b.append(row.layer().name()).append(' ').append(row.layer().canonical());
      List<Integer> inputs = model.inputs().get(i);
      if (!inputs.equals(List.of(i - 1))) {
        // A graph: name what each node consumes when it is not simply the node before.
        b.append(" <- ");
        for (int k = 0; k < inputs.size(); k++) {
          int p = inputs.get(k);
          b.append(k == 0 ? "" : ", ").append(p < 0 ? "input" : model.layers().get(p).name());
        }
      }
      b.append(" -> ")
          .append(row.output())
          .append('\n');
    }
    return b.toString();
  }
}
