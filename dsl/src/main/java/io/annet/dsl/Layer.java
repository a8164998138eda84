package io.annet.dsl;

/**
 * The live handle of one layer of a generated network: what a layer method of a {@link Model}
 * interface returns.
 */
public interface Layer {
  /** The layer method's name, e.g. {@code conv1}. */
  String name();

  /** The annotation that declared it, without the {@code @}, e.g. {@code Conv}. */
  String kind();

  /** The per-example output shape: {@code [channels, height, width]} for maps, {@code [units]} for vectors. */
  int[] outputShape();

  /** The number of trainable parameters (running statistics of batch norm not included). */
  long parameterCount();
}
