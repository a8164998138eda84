package io.annet.spark;

import java.util.Arrays;
import java.util.SplittableRandom;

/** An epoch's shuffled order, the same as {@link io.annet.runtime.data.Dataset#shuffledOrder}. */
final class EpochOrder {
  private EpochOrder() {}

  /** 0..n-1 shuffled by Fisher-Yates with a generator seeded by {@code seed}. */
  static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** {@code position[order[p]] = p}: where each example stands in the order. */
  static int[] inverse(int[] order) {
    int[] position = new int[order.length];
    for (int p = 0; p < order.length; p++) {
      position[order[p]] = p;
    }
    return position;
  }
}
