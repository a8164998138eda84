package io.annet.runtime;

import java.util.Arrays;

/**
 * What a generated network knows about itself at compile time: its input, classes, canonical spec
 * (one line per layer, used by checkpoints to recognise the architecture) and summary table.
 *
 * @param modelName the {@code @Model} interface's name
 * @param inputShape per-example input {@code [C, H, W]}
 * @param classes number of classes
 * @param spec canonical spec text
 * @param summary the compile-time summary table
 * @param parameters trainable parameters as counted by the processor
 * @param macs multiply-accumulates per example as counted by the processor
 */
public record Architecture(
    String modelName,
    int[] inputShape,
    int classes,
    String spec,
    String summary,
    long parameters,
    long macs) {

  public Architecture {
    inputShape = inputShape.clone();
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture a
        && modelName.equals(a.modelName)
        && Arrays.equals(inputShape, a.inputShape)
        && classes == a.classes
        && spec.equals(a.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return modelName + " " + Arrays.toString(inputShape) + " -> " + classes + " classes";
  }
}
