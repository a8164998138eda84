package io.annet.processor.shape;

import io.annet.dsl.Activation;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.SoftmaxSpec;
import java.util.List;
import java.util.Map;
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
   * The index of the layer that feeds the softmax directly with an activation other than {@code
   * IDENTITY} ({@code @Dense}, {@code @Conv}, any kind with an {@code activation}), if any.
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
    // The kind's activation attribute, whatever the kind (IDENTITY when it has none).
    Activation activation = Activation.IDENTITY;
    for (Map.Entry<String, Object> a : layer.attributes()) {
      if (a.getValue() instanceof Activation set) {
        activation = set;
      }
    }
    return activation == Activation.IDENTITY ? OptionalInt.empty() : OptionalInt.of(j);
  }
}
