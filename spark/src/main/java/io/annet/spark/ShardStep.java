package io.annet.spark;

import io.annet.runtime.Network;
import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor's part of one step: load the broadcast weights into a pooled network, compute the
 * gradients of this shard's examples of the global batch, and return them weighted by the shard's
 * share of the batch (the loss is a mean, so the weighted sum over shards is the big batch's
 * gradient). A pure function of the weights and the shard: a retried task gives the same result.
 */
final class ShardStep implements Function<Shard, ShardResult>, Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkSpec spec;
  private final int[] inputShape;
  private final int step;
  private final int batchSize;
  private final Broadcast<float[]> weights;

  ShardStep(NetworkSpec spec, int[] inputShape, int step, int batchSize,
      Broadcast<float[]> weights) {
    this.spec = spec;
    this.inputShape = inputShape.clone();
    this.step = step;
    this.batchSize = batchSize;
    this.weights = weights;
  }

  @Override
  public ShardResult call(Shard shard) {
    int n = shard.size(step);
    if (n == 0) {
      return ShardResult.empty();
    }
    long start = System.nanoTime();
    ExecutorNetworks.Slot slot = ExecutorNetworks.borrow(spec);
    try {
      Network network = slot.network;
      slot.layout.write(weights.value(), network);
      long[] shape = {n, inputShape[0], inputShape[1], inputShape[2]};
      INDArray x = Nd4j.create(shard.features(step), shape, 'c');
      double loss = network.computeGradients(x, shard.labels(step));
      float[] sum = new float[slot.layout.size()];
      slot.layout.accumulateStep(network, (float) n / batchSize, sum);
      return new ShardResult(sum, loss * n, n, System.nanoTime() - start);
    } finally {
      ExecutorNetworks.release(spec, slot);
    }
  }
}
