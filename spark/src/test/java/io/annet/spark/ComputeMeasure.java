package io.annet.spark;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionV4Network;
import io.annet.runtime.Network;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongFunction;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The compute side of docs/SCALE.md: milliseconds of one training step (forward, loss,
 * backward) per example on this JVM's native threads (run with OMP_NUM_THREADS=1 for one
 * executor core), for the three models whose communication OverheadMeasure measures. Run by
 * hand: {@code java -cp ... io.annet.spark.ComputeMeasure}.
 */
final class ComputeMeasure {
  private ComputeMeasure() {}

  public static void main(String[] args) {
    measure("MnistGapHead", MnistGapHeadNetwork::create, 32, 10);
    measure("NinCifar10", NinCifar10Network::create, 32, 3);
    measure("InceptionV4", InceptionV4Network::create, 2, 2);
  }

  private static void measure(String name, LongFunction<? extends Network> create, int batch,
      int repeats) {
    Network net = create.apply(1);
    int[] shape = net.architecture().inputShape();
    var x = Nd4j.rand(new long[] {batch, shape[0], shape[1], shape[2]});
    int[] labels = new int[batch];
    Arrays.setAll(labels, i -> i % net.architecture().classes());
    net.computeGradients(x, labels); // warm-up: buffers, primitives
    double[] ms = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      net.computeGradients(x, labels);
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    double median = ms[repeats / 2];
    System.out.printf(Locale.ROOT, "%-13s %,11d params  batch %3d  step %9.1f ms  %8.2f ms per"
        + " example%n", name, net.architecture().parameters(), batch, median, median / batch);
  }
}
