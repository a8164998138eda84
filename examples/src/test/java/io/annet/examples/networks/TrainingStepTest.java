package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MobileMnistNetwork;
import io.annet.runtime.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The generated training step learns, and keeps training-only state where it belongs. */
class TrainingStepTest {

  private static double[] sgd(Network network, INDArray x, INDArray labels, int steps) {
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      losses[step] = network.computeGradients(x, labels);
      Map<String, INDArray> values = network.parameters();
      network.gradients().forEach((name, g) -> values.get(name).subi(g.mul(0.1)));
    }
    return losses;
  }

  @Test
  void sgdOnOneBatchLowersTheLoss() {
    for (Network network :
        new Network[] {
          GapMnistNetwork.create(21), FcMnistNetwork.create(22), EveryKindNetwork.create(23),
          MobileMnistNetwork.create(24)
        }) {
      int[] chw = network.architecture().inputShape();
      int classes = network.architecture().classes();
      INDArray x = TestData.input(1, DataType.FLOAT, 8, chw);
      INDArray labels = TestData.labels(2, DataType.FLOAT, 8, classes);
      double[] losses = sgd(network, x, labels, 30);
      assertTrue(
          losses[29] < 0.9 * losses[0],
          network.architecture() + ": loss " + losses[0] + " -> " + losses[29]);
    }
  }

  @Test
  void batchNormRunningStatisticsAreParametersButNotTrained() {
    NormNetNetwork network = NormNetNetwork.create(3);
    assertTrue(network.parameters().containsKey("norm1.mean"));
    assertTrue(network.parameters().containsKey("norm2.var"));
    assertFalse(network.gradients().containsKey("norm1.mean"));
    assertTrue(network.gradients().containsKey("norm1.gamma"));
    INDArray before = network.parameters().get("norm1.mean").dup();
    INDArray x = TestData.input(3, DataType.FLOAT, 4, new int[] {2, 8, 8});
    INDArray p = network.predict(x);
    assertEquals(before, network.parameters().get("norm1.mean"), "inference must not update");
    network.computeGradients(x, TestData.labels(4, DataType.FLOAT, 4, 5));
    assertFalse(before.equals(network.parameters().get("norm1.mean")), "training must update");
    assertArrayEquals(new long[] {4, 5}, p.shape());
  }

  @Test
  void predictDoesNotAliasTheNextCall() {
    GapMnistNetwork network = GapMnistNetwork.create(4);
    INDArray first = network.predict(TestData.input(5, DataType.FLOAT, 2, new int[] {1, 28, 28}));
    INDArray kept = first.dup();
    network.predict(TestData.input(6, DataType.FLOAT, 2, new int[] {1, 28, 28}));
    assertEquals(kept, first);
  }
}
