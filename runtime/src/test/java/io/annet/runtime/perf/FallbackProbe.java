package io.annet.runtime.perf;

import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.annet.runtime.NativeEnvironment;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.ConvPaths;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.optim.Sgd;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the benchmark's MNIST network for a few steps and prints, one per line: the path of its
 * first convolution, the oneDNN status, the environment warnings, and each step's loss. Run in a
 * child JVM by {@link OneDnnFallbackTest}, with and without {@code -Dannet.onednn=false}.
 */
public final class FallbackProbe {
  private FallbackProbe() {}

  /** Steps of training whose losses the probe prints. */
  static final int STEPS = 6;

  /** Entry point: no arguments. */
  public static void main(String[] args) {
    List<Kernel<?>> layers = MnistModels.benchmarkModel(false, FLOAT, 11);
    System.out.println("path " + ConvPaths.pathOf((ConvLayer) layers.get(0)));
    NativeEnvironment env = NativeEnvironment.detect();
    System.out.println("summary " + env.summary());
    env.warnings().forEach(w -> System.out.println("warning " + w));
    for (double loss : losses(layers)) {
      System.out.println("loss " + loss);
    }
  }

  /** The last loss of {@link #STEPS} SGD steps of the benchmark's MNIST network, for probes. */
  public static double trainFewSteps() {
    double[] l = losses(MnistModels.benchmarkModel(false, FLOAT, 11));
    return l[l.length - 1];
  }

  /** The losses of {@link #STEPS} SGD steps on a fixed batch. */
  static double[] losses(List<Kernel<?>> layers) {
    KernelChain chain = new KernelChain(layers);
    Sgd sgd = new Sgd(0.05, 0.9);
    Nd4j.getRandom().setSeed(5); // the same batch in every JVM
    INDArray x = Nd4j.rand(FLOAT, 8, 1, 28, 28);
    INDArray labels = Nd4j.zeros(FLOAT, 8, 10);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, (3 * i) % 10, 1.0);
    }
    double[] losses = new double[STEPS];
    for (int i = 0; i < STEPS; i++) {
      losses[i] = chain.trainStep(x, labels, null, null);
      chain.update(sgd);
    }
    return losses;
  }
}
