package io.annet.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * He-normal weights and zero biases for an {@link Arch}, used only when Annet cannot export its
 * own.
 */
final class RandomWeights {
  private RandomWeights() {}

  static Weights of(Arch arch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Weights.Tensor> tensors = new LinkedHashMap<>();
    for (Arch.Conv c : arch.convs()) {
      int fanIn = c.in() * c.kernel() * c.kernel();
      float[] w = new float[c.out() * fanIn];
      double std = Math.sqrt(2.0 / fanIn);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() * std);
      }
      tensors.put(
          c.parameter() + ".weight",
          new Weights.Tensor(new long[] {c.out(), c.in(), c.kernel(), c.kernel()}, w));
      tensors.put(
          c.parameter() + ".bias", new Weights.Tensor(new long[] {c.out()}, new float[c.out()]));
    }
    return new Weights(tensors);
  }
}
