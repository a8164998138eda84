package io.annet.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * One epoch's data on the executors: the training examples reshuffled into the epoch's order and
 * moved, by a Spark shuffle, to the partition that computes them ({@link ShardPlan}), packed into
 * one cached {@link Shard} per partition. A lost partition is rebuilt from this lineage, with the
 * same order, so retried steps see the same examples.
 */
final class EpochShards {
  private final JavaRDD<Shard> shards;
  private final Broadcast<int[]> positions;

  private EpochShards(JavaRDD<Shard> shards, Broadcast<int[]> positions) {
    this.shards = shards;
    this.positions = positions;
  }

  /** The shards of the epoch whose order is shuffled with {@code seed}. */
  static EpochShards of(JavaSparkContext spark, JavaRDD<Example> train, ShardPlan plan,
      long seed, int exampleLength) {
    int[] order = EpochOrder.shuffled(Math.toIntExact(plan.examples()), seed);
    Broadcast<int[]> positions = spark.broadcast(EpochOrder.inverse(order));
    JavaRDD<Shard> shards = train
        .mapToPair(e -> {
          int[] position = positions.value();
          if (e.index() < 0 || e.index() >= position.length) {
            throw new IllegalArgumentException("example index " + e.index() + " is outside 0.."
                + (position.length - 1) + " (the data set's size)");
          }
          return new Tuple2<>((long) position[(int) e.index()], e);
        })
        .repartitionAndSortWithinPartitions(plan)
        .mapPartitions(it -> List.of(Shard.pack(it, plan, exampleLength)).iterator())
        .persist(StorageLevel.MEMORY_ONLY());
    shards.setName("annet shards, epoch seed " + seed);
    return new EpochShards(shards, positions);
  }

  /** One {@link Shard} per partition. */
  JavaRDD<Shard> rdd() {
    return shards;
  }

  /** Drops the cached shards and the order once the epoch is done. */
  void release() {
    shards.unpersist(false);
    positions.destroy(false);
  }
}
