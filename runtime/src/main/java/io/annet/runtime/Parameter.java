package io.annet.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One named tensor of a layer: its live value and, when trainable, its live gradient.
 *
 * @param name full name, e.g. {@code conv1.weight} or {@code block2.0.bias}
 * @param value the live array the layer computes with
 * @param gradient the live gradient array, same shape; {@code null} when not trainable
 */
public record Parameter(String name, INDArray value, INDArray gradient) {
  /** Whether an optimizer updates it (false for running statistics). */
  public boolean trainable() {
    return gradient != null;
  }
}
