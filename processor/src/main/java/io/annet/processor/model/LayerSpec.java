package io.annet.processor.model;

import java.util.List;
import java.util.Map;

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

  /**
   * The layer's settings in canonical order, name to value ({@code filters} to 32, {@code window}
   * to a {@code Window}, {@code activation} to an {@code Activation}): the one rendering a kind
   * writes, from which {@link #canonical()} and the diagnostics' text ({@code
   * shape/TableText.describe}) derive.
   */
  List<Map.Entry<String, Object>> attributes();

  /**
   * The canonical text of the annotation, e.g. {@code @Conv(filters=32, window=3x3/1 pad 1,
   * activation=RELU, bias=true)}: checkpoints compare it, so it must not change for a kind.
   */
  default String canonical() {
    List<Map.Entry<String, Object>> attributes = attributes();
    StringBuilder b = new StringBuilder("@").append(kind());
    for (int i = 0; i < attributes.size(); i++) {
      Map.Entry<String, Object> a = attributes.get(i);
      b.append(i == 0 ? "(" : ", ").append(a.getKey()).append('=').append(a.getValue());
    }
    return attributes.isEmpty() ? b.toString() : b.append(')').toString();
  }

  /** The same layer under another name, e.g. {@code mixed5b.b1} when a block is inlined. */
  LayerSpec withName(String name);

  /** Calls the visitor's method for this kind: the one dispatch javac checks for completeness. */
  <R> R accept(LayerSpecVisitor<R> visitor);

  /** Whether the layer merges several inputs ({@code @Concat}, {@code @Add}). */
  default boolean isMerge() {
    return this instanceof ConcatSpec || this instanceof AddSpec;
  }
}
