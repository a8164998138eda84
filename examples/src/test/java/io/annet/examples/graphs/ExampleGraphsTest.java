package io.annet.examples.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Layer;
import io.annet.runtime.layers.BlockHandle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example graph models as generated: a training step reaches every tensor (through the
 * repeated inception modules and the projection shortcut), predictions are distributions, and
 * the GoogLeNet-style head has class activation maps.
 */
class ExampleGraphsTest {

  private static void everyTrainableTensorGetsAGradient(Map<String, INDArray> gradients) {
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      assertTrue(e.getValue().amaxNumber().doubleValue() > 0, e.getKey() + " has no gradient");
    }
  }

  @Test
  void inceptionMnistTrainsThroughEveryBranch() {
    InceptionMnistNetwork net = InceptionMnistNetwork.create(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
    double loss = net.computeGradients(x, new int[] {0, 3, 7, 9});
    assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
    everyTrainableTensorGetsAGradient(net.gradients());
    assertTrue(net.gradients().containsKey("inception4.1.b3.weight"));
    assertEquals(
        List.of("stem", "pool1", "inception3", "pool2", "inception4", "gap", "logits", "probs"),
        net.layers().stream().map(Layer::name).toList());
    INDArray p = net.predict(x);
    assertArrayEquals(new long[] {4, 10}, p.shape());
    assertEquals(4.0, p.sumNumber().doubleValue(), 1e-4);
    assertArrayEquals(new long[] {4, 7, 7}, net.classActivationMap(x, 2).shape());
  }

  @Test
  void resNetTrainsThroughTheShortcuts() {
    ResNetCifarNetwork net = ResNetCifarNetwork.create(5);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 32, 32);
    double loss = net.computeGradients(x, new int[] {1, 4, 8});
    assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
    everyTrainableTensorGetsAGradient(net.gradients());
    BlockHandle block = net.block2();
    assertEquals("Use", block.kind());
    assertArrayEquals(new int[] {32, 16, 16}, block.outputShape());
    assertEquals(
        32 * 16 * 9 + 32 * 32 * 9 + 16 * 32 + 6 * 32, block.parameterCount(), "block2");
    assertEquals(ResNetCifarNetwork.PARAMETERS, net.architecture().parameters());
  }
}
