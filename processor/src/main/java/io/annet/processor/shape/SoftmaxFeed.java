package io.annet.processor.shape;

import io.annet.dsl.Activation;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConcatSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.LayerSpecVisitor;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.SoftmaxSpec;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the layer whose output becomes the class scores: the one feeding the softmax (the
 * explicit {@code @Softmax} or the implicit one after the last layer) directly, looking through
 * {@code @Dropout} and {@code @Flatten}, which change no value's sign. A global pooling layer in
 * between ends the search: a ReLU before {@code @GlobalAvgPool} is the NIN head, not the trap.
 */
public final class SoftmaxFeed {
  private SoftmaxFeed() {}

  /**
   * The index of the {@code @Dense}, {@code @Conv} or {@code @MlpConv} that feeds the softmax
   * directly with an activation other than {@code IDENTITY}, if any.
   */
  public static OptionalInt rectifiedScores(ModelSpec model) {
    List<LayerSpec> layers = model.layers();
    if (layers.isEmpty()) {
      return OptionalInt.empty();
    }
    int j = layers.size() - 1;
    if (layers.get(j) instanceof SoftmaxSpec) {
      j = model.inputs().get(j).get(0);
    }
    while (j >= 0
        && (layers.get(j) instanceof DropoutSpec || layers.get(j) instanceof FlattenSpec)) {
      j = model.inputs().get(j).get(0);
    }
    if (j < 0) {
      return OptionalInt.empty();
    }
    LayerSpec layer = layers.get(j);
    Activation activation =
        layer.accept(
            new LayerSpecVisitor<Activation>() {
              @Override
              public Activation visitConv(ConvSpec s) {
                return s.activation();
              }

              @Override
              public Activation visitMlpConv(MlpConvSpec s) {
                return s.activation();
              }

              @Override
              public Activation visitMaxPool(MaxPoolSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitAvgPool(AvgPoolSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitGlobalAvgPool(GlobalAvgPoolSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitGlobalMaxPool(GlobalMaxPoolSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitFlatten(FlattenSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitDense(DenseSpec s) {
                return s.activation();
              }

              @Override
              public Activation visitDropout(DropoutSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitBatchNorm(BatchNormSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitSoftmax(SoftmaxSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitConcat(ConcatSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitAdd(AddSpec s) {
                return Activation.IDENTITY;
              }

              @Override
              public Activation visitDepthwiseConv(DepthwiseConvSpec s) {
                return s.activation();
              }
            });
    return activation == Activation.IDENTITY ? OptionalInt.empty() : OptionalInt.of(j);
  }
}
