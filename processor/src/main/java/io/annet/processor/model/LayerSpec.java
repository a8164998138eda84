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
  <R> R accept(Visitor<R> visitor);

  /** Whether the layer merges several inputs ({@code @Concat}, {@code @Add}). */
  default boolean isMerge() {
    return this instanceof ConcatSpec || this instanceof AddSpec;
  }

  /**
   * Whether the runtime kernel draws its initial weights (or dropout masks) from the network's
   * {@code Initializer}, so that its constructor takes {@code init} after {@code dtype}.
   */
  boolean drawsFromInitializer();

  /**
   * One method per layer kind: every per-kind decision of the processor that has no default is a
   * visitor, so adding a record (and its method here) makes javac name each place that must
   * learn the new kind.
   *
   * @param <R> what the decision yields
   */
  interface Visitor<R> {
    R visitConv(ConvSpec s);

    R visitMlpConv(MlpConvSpec s);

    R visitMaxPool(MaxPoolSpec s);

    R visitAvgPool(AvgPoolSpec s);

    R visitGlobalAvgPool(GlobalAvgPoolSpec s);

    R visitGlobalMaxPool(GlobalMaxPoolSpec s);

    R visitFlatten(FlattenSpec s);

    R visitDense(DenseSpec s);

    R visitDropout(DropoutSpec s);

    R visitBatchNorm(BatchNormSpec s);

    R visitSoftmax(SoftmaxSpec s);

    R visitConcat(ConcatSpec s);

    R visitAdd(AddSpec s);

    R visitDepthwiseConv(DepthwiseConvSpec s);
  }

  /**
   * A visitor for a decision most kinds share: {@link #otherwise} unless a kind's method is
   * overridden, so a new kind gets the shared answer without an edit.
   *
   * @param <R> what the decision yields
   */
  abstract class Otherwise<R> implements Visitor<R> {
    /** The answer of every kind whose method is not overridden. */
    protected abstract R otherwise(LayerSpec s);

    @Override
    public R visitConv(ConvSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitMlpConv(MlpConvSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitMaxPool(MaxPoolSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitAvgPool(AvgPoolSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitGlobalAvgPool(GlobalAvgPoolSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitGlobalMaxPool(GlobalMaxPoolSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitFlatten(FlattenSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitDense(DenseSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitDropout(DropoutSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitBatchNorm(BatchNormSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitSoftmax(SoftmaxSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitConcat(ConcatSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitAdd(AddSpec s) {
      return otherwise(s);
    }

    @Override
    public R visitDepthwiseConv(DepthwiseConvSpec s) {
      return otherwise(s);
    }
  }
}
