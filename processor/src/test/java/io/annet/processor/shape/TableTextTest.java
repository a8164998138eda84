package io.annet.processor.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MlpConvSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A spec's two renderings, the canonical text checkpoints compare and the annotation text of
 * diagnostics, both derive from its {@link LayerSpec#attributes()}.
 */
class TableTextTest {
  private static final Window W3 = new Window(3, 3, 2, 2, 1, 1, false);

  @Test
  void canonicalTextIsWhatCheckpointsHaveAlwaysHeld() {
    assertEquals(
        "@Conv(filters=32, window=3x3/2 pad 1, activation=RELU, bias=true)",
        new ConvSpec("c", 32, W3, Activation.RELU, true).canonical());
    assertEquals(
        "@MlpConv(filters=[64, 10], window=3x3/2 pad 1, activation=RELU)",
        new MlpConvSpec("m", List.of(64, 10), W3, Activation.RELU).canonical());
    assertEquals("@BatchNorm(momentum=0.9, epsilon=1.0E-5)",
        new BatchNormSpec("b", 0.9, 1e-5).canonical());
    assertEquals("@BatchNorm(momentum=0.9, epsilon=1.0E-5, activation=RELU)",
        new BatchNormSpec("b", 0.9, 1e-5, Activation.RELU).canonical());
    assertEquals("@GlobalMaxPool", new GlobalMaxPoolSpec("g").canonical());
    assertEquals("@Add(activation=IDENTITY)", new AddSpec("a", Activation.IDENTITY).canonical());
  }

  @Test
  void describeKeepsTheSettingsThatDecideTheShapeAsAUserWritesThem() {
    assertEquals("@Conv(filters = 32, kernel = 3, stride = 2, padding = 1)",
        TableText.describe(new ConvSpec("c", 32, W3, Activation.RELU, true)));
    assertEquals("@MlpConv(filters = {64, 10}, kernel = 3, stride = 2, padding = 1)",
        TableText.describe(new MlpConvSpec("m", List.of(64, 10), W3, Activation.RELU)));
    assertEquals("@DepthwiseConv(multiplier = 2, kernel = 3, stride = 2, padding = 1)",
        TableText.describe(new DepthwiseConvSpec("d", 2, W3, Activation.RELU, false)));
    assertEquals("@Dropout(rate = 0.5)", TableText.describe(new DropoutSpec("d", 0.5)));
    assertEquals("@BatchNorm",
        TableText.describe(new BatchNormSpec("b", 0.9, 1e-5, Activation.RELU)));
    assertEquals("@GlobalMaxPool", TableText.describe(new GlobalMaxPoolSpec("g")));
  }
}
