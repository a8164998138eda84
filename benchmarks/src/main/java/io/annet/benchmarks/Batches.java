package io.annet.benchmarks;

import java.util.SplittableRandom;

/** Deterministic synthetic batches in plain Java, identical in every worker JVM. */
final class Batches {
  private Batches() {}

  /** {@code batch * C * H * W} pixels in [0, 1), row-major NCHW. */
  static float[] images(Arch arch, int batch, long seed) {
    return images(arch.input(), batch, seed);
  }

  /** {@code batch * C * H * W} pixels in [0, 1) for inputs {@code [C, H, W]}, row-major NCHW. */
  static float[] images(int[] in, int batch, long seed) {
    float[] x = new float[batch * in[0] * in[1] * in[2]];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  /** The class of example {@code i}: {@code i % classes}. */
  static int[] classes(Arch arch, int batch) {
    return classes(arch.classes(), batch);
  }

  /** The class of example {@code i} among {@code k}: {@code i % k}. */
  static int[] classes(int k, int batch) {
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = i % k;
    }
    return y;
  }

  /** One-hot rows {@code [batch, classes]}, row-major. */
  static float[] oneHot(Arch arch, int batch) {
    return oneHot(arch.classes(), batch);
  }

  /** One-hot rows {@code [batch, k]}, row-major. */
  static float[] oneHot(int k, int batch) {
    float[] y = new float[batch * k];
    int[] classes = classes(k, batch);
    for (int i = 0; i < batch; i++) {
      y[i * k + classes[i]] = 1f;
    }
    return y;
  }

  /** The NCHW shape of a batch. */
  static long[] shape(Arch arch, int batch) {
    return shape(arch.input(), batch);
  }

  /** The NCHW shape of a batch of inputs {@code [C, H, W]}. */
  static long[] shape(int[] in, int batch) {
    return new long[] {batch, in[0], in[1], in[2]};
  }
}
