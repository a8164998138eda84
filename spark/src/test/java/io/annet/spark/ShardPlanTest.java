package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Shards cut every global batch into k near-equal contiguous pieces, the short last one too. */
class ShardPlanTest {
  @Test
  void everyPositionBelongsToTheShardOfItsRangeWithinItsBatch() {
    ShardPlan plan = new ShardPlan(600, 64, 3);
    assertEquals(10, plan.steps());
    assertEquals(24, plan.batchSize(9));
    int[][] sizes = new int[plan.steps()][3];
    int previousShard = 0;
    for (long p = 0; p < 600; p++) {
      int shard = plan.shardOf(p);
      int step = (int) (p / 64);
      if (p % 64 != 0) {
        assertEquals(true, shard >= previousShard, "shards are contiguous within a batch");
      }
      sizes[step][shard]++;
      previousShard = shard;
    }
    for (int t = 0; t < 9; t++) {
      assertArrayEquals(new int[] {21, 21, 22}, sizes[t], "step " + t);
    }
    assertArrayEquals(new int[] {8, 8, 8}, sizes[9]);
  }

  @Test
  void aBatchSmallerThanTheShardsLeavesSomeEmpty() {
    ShardPlan plan = new ShardPlan(66, 64, 4); // last batch: 2 examples for 4 shards
    assertEquals(1, plan.shardOf(64));
    assertEquals(3, plan.shardOf(65));
    assertEquals(4, plan.numPartitions());
  }

  @Test
  void refusesEmptySettings() {
    assertThrows(IllegalArgumentException.class, () -> new ShardPlan(0, 64, 2));
    assertThrows(IllegalArgumentException.class, () -> new ShardPlan(10, 0, 2));
  }

  @Test
  void epochOrderIsTheSingleMachineTrainersOrder() {
    var data = io.annet.runtime.data.IdxReader.readMnist(ExactnessTest.MNIST, false).first(500);
    assertArrayEquals(data.shuffledOrder(1234), EpochOrder.shuffled(500, 1234));
    int[] order = EpochOrder.shuffled(500, 1234);
    int[] position = EpochOrder.inverse(order);
    for (int p = 0; p < order.length; p++) {
      assertEquals(p, position[order[p]]);
    }
  }
}
