package io.annet.processor.model;

/**
 * One method per layer kind: every per-kind decision of the processor is a visitor, so adding a
 * record to {@link LayerSpec} makes javac name each place that must learn the new kind.
 *
 * @param <R> what the decision yields
 */
public interface LayerSpecVisitor<R> {
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
