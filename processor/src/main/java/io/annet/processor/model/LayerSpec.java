package io.annet.processor.model;

/**
 * One parsed layer of a model, independent of javac: the sealed hierarchy mirrors the layer
 * annotations one to one ({@code @Conv} -> {@link ConvSpec} -> runtime {@code ConvLayer}).
 */
public sealed interface LayerSpec
    permits ConvSpec,
        MlpConvSpec,
        MaxPoolSpec,
        AvgPoolSpec,
        GlobalAvgPoolSpec,
        GlobalMaxPoolSpec,
        FlattenSpec,
        DenseSpec,
        DropoutSpec,
        BatchNormSpec,
        SoftmaxSpec,
        ConcatSpec,
        AddSpec,
        DepthwiseConvSpec,
        WindowedSpec {

  /** The layer method's name, e.g. {@code conv1}. */
  String name();

  /** The annotation's simple name, e.g. {@code Conv}. */
  String kind();

  /** The canonical text of the annotation, e.g. {@code @Conv(filters=32, kernel=3x3, ...)}. */
  String canonical();

  /** The same layer under another name, e.g. {@code mixed5b.b1} when a block is inlined. */
  LayerSpec withName(String name);

  /** Calls the visitor's method for this kind: the one dispatch javac checks for completeness. */
  <R> R accept(LayerSpecVisitor<R> visitor);

  /** Whether the layer merges several inputs ({@code @Concat}, {@code @Add}). */
  default boolean isMerge() {
    return this instanceof ConcatSpec || this instanceof AddSpec;
  }
}
