package io.annet.benchmarks;

import java.util.SplittableRandom;

/** Deterministic synthetic batches in plain Java, identical in every worker JVM. */
final class Batches {
  private Batches() {}

  /** {@code batch * C * H * W} pixels in [0, 1), row-major NCHW. */
  static float[] images(Arch arch, int batch, long seed) {
    int[] in = arch.input();
    float[] x = new float[batch * in[0] * in[1] * in[2]];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  /** The class of example {@code i}: {@code i % classes}. */
  static int[] classes(Arch arch, int batch) {
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = i % arch.classes();
    }
    return y;
  }

  /** One-hot rows {@code [batch, classes]}, row-major. */
  static float[] oneHot(Arch arch, int batch) {
    int k = arch.classes();
    float[] y = new float[batch * k];
    int[] classes = classes(arch, batch);
    for (int i = 0; i < batch; i++) {
      y[i * k + classes[i]] = 1f;
    }
    return y;
  }

  /** The NCHW shape of a batch. */
  static long[] shape(Arch arch, int batch) {
    int[] in = arch.input();
    return new long[] {batch, in[0], in[1], in[2]};
  }
}
