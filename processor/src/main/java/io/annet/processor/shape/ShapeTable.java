package io.annet.processor.shape;

import io.annet.processor.model.ModelSpec;
import java.util.List;

/**
 * The inferred shapes and costs of a whole, valid model: what the emit phase generates from and
 * what the summary prints.
 *
 * @param model the parsed model
 * @param rows one row per layer, in order
 */
public record ShapeTable(ModelSpec model, List<LayerRow> rows) {
  public ShapeTable {
    rows = List.copyOf(rows);
  }

  /** Total trainable parameters. */
  public long parameters() {
    return rows.stream().mapToLong(LayerRow::parameters).sum();
  }

  /** Total multiply-accumulates per example. */
  public long macs() {
    return rows.stream().mapToLong(LayerRow::macs).sum();
  }

  /** Bytes of float32 activations per example: the sum of every layer's output size times 4. */
  public long activationBytes() {
    return rows.stream().mapToLong(r -> r.output().size() * 4L).sum();
  }
}
