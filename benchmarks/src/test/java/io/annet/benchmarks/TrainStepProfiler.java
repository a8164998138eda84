package io.annet.benchmarks;

import io.annet.runtime.Network;
import io.annet.runtime.optim.Sgd;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the benchmark's Annet training step of one network (gradients plus the SGD update) in a
 * plain loop, for profiling with {@code DNNL_VERBOSE=1} or JFR: prints the median and minimum of
 * {@code rounds} rounds of {@code steps} steps each.
 *
 * <p>Run from the benchmarks module's test classpath: {@code java -cp ...
 * io.annet.benchmarks.TrainStepProfiler [RESNET|INCEPTION|NIN|MNIST] [batch=64] [rounds=7]
 * [steps=10]}. Not a test: nothing here is timed in the suite.
 */
public final class TrainStepProfiler {
  private TrainStepProfiler() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    Workload.Net n = Workload.Net.valueOf(args.length > 0 ? args[0] : "RESNET");
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Network net = AnnetStep.create(n, DataType.FLOAT);
    Map<String, INDArray> parameters = net.parameters();
    Map<String, INDArray> gradients = net.gradients();
    Sgd sgd = new Sgd(0.01);
    INDArray x = Nd4j.create(Batches.images(n.input(), batch, 7), Batches.shape(n.input(), batch),
        'c');
    INDArray y = Nd4j.create(Batches.oneHot(n.classes(), batch), new long[] {batch, n.classes()},
        'c');
    StringBuilder losses = new StringBuilder();
    for (int i = 0; i < 2 * steps; i++) { // warm-up: primitives, buffers, JIT
      double loss = net.computeGradients(x, y);
      if (i < 5) {
        losses.append(String.format(Locale.ROOT, " %.7f", loss));
      }
      sgd.step(parameters, gradients);
    }
    double[] ms = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        net.computeGradients(x, y);
        sgd.step(parameters, gradients);
      }
      ms[r] = (System.nanoTime() - t0) / 1e6 / steps;
    }
    Arrays.sort(ms);
    System.out.println("first losses:" + losses);
    System.out.printf(Locale.ROOT, "%s train b%d: median %.2f ms, min %.2f ms per step (%s)%n",
        n, batch, ms[rounds / 2], ms[0], Arrays.toString(ms));
  }
}
