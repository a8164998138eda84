package io.annet.runtime.perf;

import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.annet.runtime.NativeEnvironment;
import io.annet.runtime.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times each layer's forward and backward, and the SGD update, of the two MNIST example models
 * (GAP head and fully connected head) at one batch size, alternating the models round by round so
 * that a shared machine's load hits both alike; prints medians over the rounds.
 *
 * <p>Run from the runtime module's test classpath: {@code java -cp ... io.annet.runtime.perf
 * .LayerProfiler [batch=64] [rounds=7] [steps=20]}. Compare ratios within one run only.
 */
public final class LayerProfiler {
  private LayerProfiler() {}

  /** One model's timings: per round, per layer, mean nanoseconds per step. */
  private static final class Timings {
    final String model;
    final KernelChain chain;
    final Sgd sgd = new Sgd(1e-3, 0.9);
    final List<long[]> forward = new ArrayList<>();
    final List<long[]> backward = new ArrayList<>();
    final List<Long> update = new ArrayList<>();
    final List<Long> step = new ArrayList<>();

    Timings(String model, KernelChain chain) {
      this.model = model;
      this.chain = chain;
    }
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    System.out.println(NativeEnvironment.detect().summary());
    System.out.printf(Locale.ROOT, "batch %d, %d rounds of %d steps, medians of round means%n",
        batch, rounds, steps);
    String only = System.getProperty("profile.model", "");
    List<Timings> models = new ArrayList<>();
    if (!only.isEmpty()) { // -Dprofile.model=nin or mnist: one of the benchmark's models alone
      boolean nin = only.equals("nin");
      models.add(new Timings(nin ? "NIN-CIFAR" : "MNIST GAP (benchmark)",
          new KernelChain(MnistModels.benchmarkModel(nin, FLOAT, 7))));
      INDArray x = Nd4j.rand(FLOAT, batch, nin ? 3 : 1, nin ? 32 : 28, nin ? 32 : 28);
      profile(models, x, batch, rounds, steps);
      return;
    }
    models.add(new Timings("MnistGapHead", new KernelChain(MnistModels.gapHead(FLOAT, 7))));
    models.add(new Timings("MnistFcHead", new KernelChain(MnistModels.fcHead(FLOAT, 7))));
    models.add(new Timings("MnistGapHead, 1x1 per example (before)",
        new KernelChain(MnistModels.gapHeadPerExample(FLOAT, 7))));
    profile(models, Nd4j.rand(FLOAT, batch, 1, 28, 28), batch, rounds, steps);
    double gap = median(models.get(0).step);
    double fc = median(models.get(1).step);
    double before = median(models.get(2).step);
    System.out.printf(Locale.ROOT, "%nstep time ratios: GapHead / FcHead %.2f now, %.2f before;"
        + " GapHead speed-up %.2fx%n", gap / fc, before / fc, before / gap);
  }

  /** Warms up, then times the models round by round on {@code x}, and prints each. */
  private static void profile(List<Timings> models, INDArray x, int batch, int rounds,
      int steps) {
    INDArray labels = Nd4j.zeros(FLOAT, batch, 10);
    for (int i = 0; i < batch; i++) {
      labels.putScalar(i, i % 10, 1.0);
    }
    for (Timings t : models) { // warm-up: buffers, native code paths, JIT
      for (int i = 0; i < 2 * steps; i++) {
        t.chain.trainStep(x, labels, null, null);
        t.chain.update(t.sgd);
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (Timings t : models) {
        int n = t.chain.names().size();
        long[] fwd = new long[n];
        long[] bwd = new long[n];
        long upd = 0;
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          t.chain.trainStep(x, labels, fwd, bwd);
          long u0 = System.nanoTime();
          t.chain.update(t.sgd);
          upd += System.nanoTime() - u0;
        }
        long total = System.nanoTime() - start;
        t.forward.add(divide(fwd, steps));
        t.backward.add(divide(bwd, steps));
        t.update.add(upd / steps);
        t.step.add(total / steps);
      }
    }
    for (Timings t : models) {
      print(t, batch);
    }
  }

  private static void print(Timings t, int batch) {
    List<String> names = t.chain.names();
    System.out.printf(Locale.ROOT, "%n%s%n%-10s %10s %10s%n", t.model, "layer", "fwd ms", "bwd ms");
    double sumF = 0;
    double sumB = 0;
    for (int i = 0; i < names.size(); i++) {
      int layer = i;
      double f = median(t.forward.stream().map(a -> a[layer]).toList()) / 1e6;
      double b = median(t.backward.stream().map(a -> a[layer]).toList()) / 1e6;
      sumF += f;
      sumB += b;
      System.out.printf(Locale.ROOT, "%-10s %10.3f %10.3f%n", names.get(i), f, b);
    }
    double upd = median(t.update) / 1e6;
    double step = median(t.step) / 1e6;
    System.out.printf(Locale.ROOT, "%-10s %10.3f %10.3f%n", "sum", sumF, sumB);
    System.out.printf(Locale.ROOT, "%-10s %10.3f%n", "sgd step", upd);
    System.out.printf(Locale.ROOT, "%-10s %10.3f   (%.0f images/s, min %.3f, max %.3f)%n",
        "train step", step, batch / step * 1e3, min(t.step) / 1e6, max(t.step) / 1e6);
  }

  private static long[] divide(long[] sums, int steps) {
    return Arrays.stream(sums).map(s -> s / steps).toArray();
  }

  static double median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static long min(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
