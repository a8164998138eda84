package io.annet.processor.shape;

import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Shape;
import java.util.List;

/**
 * One row of a model's shape table: a layer with the shapes it consumes and yields, and its cost.
 *
 * @param layer the parsed layer
 * @param input per-example input shape (a merge's first input)
 * @param output per-example output shape
 * @param parameters trainable parameters
 * @param macs multiply-accumulates per example in one forward pass
 * @param inputs every input shape in order: one, or a merge's several
 */
public record LayerRow(
    LayerSpec layer, Shape input, Shape output, long parameters, long macs, List<Shape> inputs) {

  public LayerRow {
    inputs = List.copyOf(inputs);
  }

  /** A row of a single-input layer. */
  public LayerRow(LayerSpec layer, Shape input, Shape output, long parameters, long macs) {
    this(layer, input, output, parameters, macs, List.of(input));
  }
}
