package io.annet.examples.perf;

import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.Network;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Train-step time with a frozen backbone against a full step (issue 16's figures): run with
 * {@code -Dannet.timing=true -Dtest=FrozenStepTiming}; prints the medians.
 */
@EnabledIfSystemProperty(named = "annet.timing", matches = "true")
class FrozenStepTiming {
  @Test
  void frozenBackboneAgainstFullStep() {
    time("NinCifar10 (block1..drop2 frozen)", NinCifar10Network.create(1),
        "block1", "pool1", "drop1", "block2", "pool2", "drop2");
    time("ResNetCifar (all but the dense head frozen)", ResNetCifarNetwork.create(1),
        "stem", "stemBn", "conv1", "bn1", "conv2", "bn2", "sum1", "block2", "gap");
  }

  private static void time(String what, Network net, String... frozen) {
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.rand(DataType.FLOAT, 64, 3, 32, 32);
    int[] labels = new int[64];
    Arrays.setAll(labels, i -> i % 10);
    double full = median(net, x, labels);
    net.freeze(frozen);
    double head = median(net, x, labels);
    System.out.printf("%s, batch 64: full step %.1f ms, frozen backbone %.1f ms (%.0f %%)%n",
        what, full, head, 100 * head / full);
  }

  private static double median(Network net, INDArray x, int[] labels) {
    for (int i = 0; i < 3; i++) {
      net.computeGradients(x, labels);
    }
    double[] ms = new double[9];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      net.computeGradients(x, labels);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }
}
