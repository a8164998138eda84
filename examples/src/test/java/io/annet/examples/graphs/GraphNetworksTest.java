package io.annet.examples.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Layer;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.Network;
import io.annet.runtime.layers.BlockHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generated graph networks (an Inception module repeated through a block, residual blocks with
 * conv-BN-ReLU): whole-network float64 gradient checks of every trainable element, where a
 * missing or wrong gradient sum at a node feeding several consumers shows in the stem; handles
 * and parameter names of inlined blocks.
 */
class GraphNetworksTest {
  private static final DataType D = DataType.DOUBLE;

  private static INDArray input(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextDouble() - 1;
    }
    return Nd4j.create(v, shape, 'c');
  }

  /** Biases get small random values, so no RELU sits exactly on its kink at zero. */
  private static void checkEveryParameter(Network net, INDArray x, int[] classes) {
    long seed = 11;
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      if (e.getKey().endsWith(".bias") || e.getKey().endsWith(".beta")) {
        e.getValue().assign(input(seed++, e.getValue().shape()).muli(0.1));
      }
    }
    INDArray labels = Nd4j.zeros(D, classes.length, 3);
    for (int i = 0; i < classes.length; i++) {
      labels.putScalar(i, classes[i], 1.0);
    }
    GradientCheck.Report report =
        GradientCheck.checkNetwork(net, x, labels, GradientCheck.Options.DEFAULT);
    assertEquals(net.architecture().parameters(), report.checked(), "every element checked");
    report.assertPassed();
  }

  @Test
  void generatedInceptionModuleGradientsAgreeWithCentralDifferences() {
    Network net = InceptionModuleNetwork.create(7, D);
    checkEveryParameter(net, input(1, 3, 2, 6, 6), new int[] {0, 2, 1});
  }

  @Test
  void generatedResidualBlocksGradientsAgreeWithCentralDifferences() {
    Network net = ResidualBlocksNetwork.create(8, D);
    checkEveryParameter(net, input(2, 4, 2, 5, 5), new int[] {2, 0, 1, 1});
  }

  @Test
  void repeatedBlockIsOneHandleWithDottedMembers() {
    InceptionModuleNetwork net = InceptionModuleNetwork.create(7, D);
    assertEquals(
        List.of("stem", "mixed", "gap", "logits", "probs"),
        net.layers().stream().map(Layer::name).toList());
    BlockHandle mixed = net.mixed();
    assertEquals("Repeat", mixed.kind());
    assertArrayEquals(new int[] {11, 6, 6}, mixed.outputShape());
    BlockHandle first = assertInstanceOf(BlockHandle.class, mixed.member("0"));
    assertEquals("Use", first.kind());
    assertEquals("mixed.0.b1", first.member("b1").name());
    assertTrue(
        net.parameters().containsKey("mixed.1.b3b.weight"), net.parameters().keySet()::toString);
    // As counted for the hand-written network: the block on 4 channels, then on 11.
    assertEquals(137 + 200, mixed.parameterCount());
    assertEquals(76 + 137 + 200 + 36, InceptionModuleNetwork.PARAMETERS);
  }
}
