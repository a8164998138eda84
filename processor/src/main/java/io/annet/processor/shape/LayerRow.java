package io.annet.processor.shape;

import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Shape;

/**
 * One row of a model's shape table: a layer with the shapes it consumes and yields, and its cost.
 *
 * @param layer the parsed layer
 * @param input per-example input shape
 * @param output per-example output shape
 * @param parameters trainable parameters
 * @param macs multiply-accumulates per example in one forward pass
 */
public record LayerRow(LayerSpec layer, Shape input, Shape output, long parameters, long macs) {}
