package io.annet.processor.emit;

import io.annet.processor.model.ModelSpec;
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;

/**
 * The canonical text of an architecture: a header line with the model, input and classes, then one
 * line per layer with its annotation's canonical form and output shape. Checkpoints store it and
 * compare it line by line to recognise the architecture.
 */
public final class CanonicalSpec {
  private CanonicalSpec() {}

  /**
   * For example {@code "MnistGap input=[1, 28, 28] classes=10\nconv1 @Conv(...) -> [32, 28, 28]\n"}
   * and so on, each line ending in a newline.
   */
  public static String of(ShapeTable table) {
    ModelSpec model = table.model();
    StringBuilder b = new StringBuilder();
    b.append(model.interfaceName())
        .append(" input=")
        .append(model.input())
        .append(" classes=")
        .append(model.classes())
        .append('\n');
    for (LayerRow row : table.rows()) {
      b.append(row.layer().name())
          .append(' ')
          .append(row.layer().canonical())
          .append(" -> ")
          .append(row.output())
          .append('\n');
    }
    return b.toString();
  }
}
