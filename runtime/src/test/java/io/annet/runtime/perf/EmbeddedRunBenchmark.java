package io.annet.runtime.perf;

import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.annet.runtime.NativeEnvironment;
import io.annet.runtime.optim.Sgd;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training run as a program embedding Annet makes it (no launcher, every core): MnistFcHead's
 * kernels on a fixed random batch of 64, {@code steps} SGD steps after 20 warm-up steps; prints
 * the native summary and the seconds. Run it in a clean environment with and without {@code
 * -Dannet.nativeDefaults=false}, and with the launcher's variables set, alternating (see
 * runtime/PERFORMANCE.md).
 */
public final class EmbeddedRunBenchmark {
  private EmbeddedRunBenchmark() {}

  /** Entry point: [steps] (default 400). */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    KernelChain chain = new KernelChain(MnistModels.fcHead(FLOAT, 7));
    Sgd sgd = new Sgd(0.01, 0.9);
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(FLOAT, 64, 1, 28, 28);
    INDArray labels = Nd4j.zeros(FLOAT, 64, 10);
    for (int i = 0; i < 64; i++) {
      labels.putScalar(i, i % 10, 1.0);
    }
    for (int i = 0; i < 20; i++) {
      chain.trainStep(x, labels, null, null);
      chain.update(sgd);
    }
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      chain.trainStep(x, labels, null, null);
      chain.update(sgd);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(NativeEnvironment.detect().summary());
    System.out.printf("steps %d seconds %.2f ms/step %.1f%n", steps, seconds,
        1e3 * seconds / steps);
  }
}
