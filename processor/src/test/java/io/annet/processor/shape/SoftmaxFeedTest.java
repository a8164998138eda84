package io.annet.processor.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which layer's output becomes the class scores, without javac. */
class SoftmaxFeedTest {
  private static final Window ONE = new Window(1, 1, 1, 1, 0, 0, false);

  private static OptionalInt feed(LayerSpec... layers) {
    return SoftmaxFeed.rectifiedScores(
        new ModelSpec("p", "M", "MNetwork", Shape.map(2, 1, 1), 3, List.of(layers),
            BudgetSpec.NONE, false));
  }

  private static ConvSpec conv(Activation a) {
    return new ConvSpec("conv", 3, ONE, a, true);
  }

  private static DenseSpec dense(Activation a) {
    return new DenseSpec("logits", 3, a, true);
  }

  @Test
  void findsTheRectifiedLayerThroughDropoutAndFlatten() {
    assertEquals(OptionalInt.of(0), feed(dense(Activation.RELU)));
    assertEquals(
        OptionalInt.of(0),
        feed(dense(Activation.SIGMOID), new DropoutSpec("d", 0.5), new SoftmaxSpec("p")));
    assertEquals(
        OptionalInt.of(0), feed(conv(Activation.RELU), new FlattenSpec("f"), new SoftmaxSpec("p")));
  }

  @Test
  void aLinearLayerOrALayerBetweenEndsTheSearch() {
    assertEquals(OptionalInt.empty(), feed(dense(Activation.IDENTITY), new SoftmaxSpec("p")));
    assertEquals(OptionalInt.empty(), feed(conv(Activation.RELU), new GlobalAvgPoolSpec("gap")));
    assertEquals(
        OptionalInt.empty(),
        feed(dense(Activation.RELU), new BatchNormSpec("bn", 0.9, 1e-5, Activation.IDENTITY)));
  }
}
