package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.annet.runtime.Network;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Same seed, same data, same order: identical weights, bit for bit, after several steps. */
class DeterminismTest {
  private static final int STEPS = 4;
  private static final double LEARNING_RATE = 0.05;

  /** Plain SGD through the public maps, so the test needs nothing but the generated network. */
  private static double[] train(Network network) {
    int[] chw = network.architecture().inputShape();
    int classes = network.architecture().classes();
    double lastLoss = Double.NaN;
    for (int step = 0; step < STEPS; step++) {
      INDArray x = TestData.input(100 + step, network.dataType(), 4, chw);
      INDArray labels = TestData.labels(200 + step, network.dataType(), 4, classes);
      lastLoss = network.computeGradients(x, labels);
      Map<String, INDArray> values = network.parameters();
      network.gradients().forEach((name, g) -> values.get(name).subi(g.mul(LEARNING_RATE)));
    }
    return flatten(network, lastLoss);
  }

  private static double[] flatten(Network network, double loss) {
    double[] all = {loss};
    for (INDArray value : network.parameters().values()) {
      double[] v = value.dup().data().asDouble();
      double[] joined = Arrays.copyOf(all, all.length + v.length);
      System.arraycopy(v, 0, joined, all.length, v.length);
      all = joined;
    }
    return all;
  }

  @Test
  void sameSeedSameWeightsAfterTraining() {
    for (List<Network> pair :
        List.of(
            List.<Network>of(GapMnistNetwork.create(42), GapMnistNetwork.create(42)),
            List.<Network>of(NormNetNetwork.create(42), NormNetNetwork.create(42)),
            List.<Network>of(EveryKindNetwork.create(42), EveryKindNetwork.create(42)))) {
      assertArrayEquals(train(pair.get(0)), train(pair.get(1)), pair.get(0).architecture() + "");
    }
  }

  @Test
  void differentSeedsGiveDifferentWeights() {
    double[] a = flatten(FcMnistNetwork.create(1), 0);
    double[] b = flatten(FcMnistNetwork.create(2), 0);
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void float32WeightsAreTheRoundedFloat64Weights() {
    Map<String, INDArray> single = GapMnistNetwork.create(9).parameters();
    Map<String, INDArray> dbl = GapMnistNetwork.create(9, DataType.DOUBLE).parameters();
    assertEquals(dbl.keySet(), single.keySet());
    for (String name : dbl.keySet()) {
      assertEquals(DataType.FLOAT, single.get(name).dataType());
      assertArrayEquals(
          dbl.get(name).castTo(DataType.FLOAT).data().asFloat(),
          single.get(name).data().asFloat(),
          name);
    }
  }

  @Test
  void copyIsEqualAndIndependent() {
    GapMnistNetwork original = GapMnistNetwork.create(5);
    GapMnistNetwork copy = original.copy();
    assertNotSame(original.conv1(), copy.conv1());
    assertArrayEquals(flatten(original, 0), flatten(copy, 0));
    copy.parameters().get("conv1.weight").addi(1.0);
    assertFalse(Arrays.equals(flatten(original, 0), flatten(copy, 0)));
  }
}
