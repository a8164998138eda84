package io.annet.spark;

import org.apache.spark.Partitioner;

/**
 * Which executor partition computes which examples of an epoch: position {@code p} of the
 * epoch's shuffled order belongs to global batch {@code t = p / B}, and within it to shard {@code
 * j} of {@code k} when it falls in {@code [floor(j n_t / k), floor((j + 1) n_t / k))}, where
 * {@code n_t} is that batch's size (the last batch may be shorter). So the global batches are
 * exactly those one machine takes with batch size {@code B}, each cut into {@code k} near-equal
 * contiguous shards. As a Spark partitioner its keys are positions ({@code Long}).
 */
public final class ShardPlan extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final long examples;
  private final int batchSize;
  private final int shards;

  /** The plan for {@code examples} examples, global batch {@code batchSize}, {@code shards}. */
  public ShardPlan(long examples, int batchSize, int shards) {
    if (examples < 1 || batchSize < 1 || shards < 1) {
      throw new IllegalArgumentException("a shard plan needs examples, batch size and shards"
          + " >= 1, found " + examples + ", " + batchSize + ", " + shards);
    }
    this.examples = examples;
    this.batchSize = batchSize;
    this.shards = shards;
  }

  /** Number of global batches (steps) in an epoch. */
  public int steps() {
    return Math.toIntExact((examples + batchSize - 1) / batchSize);
  }

  /** Size of global batch {@code step}. */
  public int batchSize(int step) {
    return (int) Math.min(batchSize, examples - (long) step * batchSize);
  }

  /** The first position within global batch {@code step} that shard {@code shard} computes. */
  public int shardStart(int step, int shard) {
    return (int) ((long) shard * batchSize(step) / shards);
  }

  /** The shard that computes position {@code position} of the epoch's order. */
  public int shardOf(long position) {
    int step = (int) (position / batchSize);
    int within = (int) (position - (long) step * batchSize);
    int n = batchSize(step);
    int j = (int) ((long) within * shards / n);
    while (j + 1 < shards && shardStart(step, j + 1) <= within) {
      j++;
    }
    while (j > 0 && shardStart(step, j) > within) {
      j--;
    }
    return j;
  }

  /** The number of examples. */
  public long examples() {
    return examples;
  }

  @Override
  public int numPartitions() {
    return shards;
  }

  @Override
  public int getPartition(Object key) {
    return shardOf((Long) key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardPlan p && p.examples == examples && p.batchSize == batchSize
        && p.shards == shards;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(examples) * 31 * 31 + batchSize * 31 + shards;
  }
}
