package io.annet.spark;

import java.io.Serializable;

/**
 * What the shards of one step send back, summed: the size-weighted gradients (and running
 * statistics) as one flat float buffer, the size-weighted loss, the examples, and the slowest
 * shard's compute time. Summing is in place and commutative, so Spark may combine in any order
 * (with two shards the float sum is bitwise the same either way).
 */
final class ShardResult implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Null for an empty shard. */
  float[] sum;
  double lossSum;
  int examples;
  long maxComputeNanos;
  /** Parameter averaging only: the weighted optimizer state; null otherwise. */
  FlatState state;

  ShardResult(float[] sum, double lossSum, int examples, long computeNanos) {
    this.sum = sum;
    this.lossSum = lossSum;
    this.examples = examples;
    this.maxComputeNanos = computeNanos;
  }

  static ShardResult empty() {
    return new ShardResult(null, 0, 0, 0);
  }

  /** Adds {@code other} into this result and returns it. */
  ShardResult add(ShardResult other) {
    if (sum == null) {
      sum = other.sum;
    } else if (other.sum != null) {
      float[] a = sum;
      float[] b = other.sum;
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }
    if (state == null) {
      state = other.state;
    } else if (other.state != null) {
      state.add(other.state);
    }
    lossSum += other.lossSum;
    examples += other.examples;
    maxComputeNanos = Math.max(maxComputeNanos, other.maxComputeNanos);
    return this;
  }
}
