package io.annet.spark;

import io.annet.runtime.Network;
import io.annet.runtime.optim.Optimizer;
import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor's part of one parameter-averaging round (DL4J's parameter averaging): starting
 * from the broadcast weights and optimizer state, take a local optimizer step on this shard's
 * part of each global batch of the round, then return the weights and optimizer state weighted
 * by the shard's share of the round's examples, so that their sum is the average. A pure function
 * of the broadcast values and the shard.
 */
final class AveragingRound implements Function<Shard, ShardResult>, Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkSpec spec;
  private final int[] inputShape;
  private final int firstStep;
  private final double[] rates;
  private final int roundExamples;
  private final Broadcast<float[]> weights;
  private final Broadcast<FlatState> state;
  private final OptimizerFactory optimizers;

  AveragingRound(NetworkSpec spec, int[] inputShape, int firstStep, double[] rates,
      int roundExamples, Broadcast<float[]> weights, Broadcast<FlatState> state,
      OptimizerFactory optimizers) {
    this.spec = spec;
    this.inputShape = inputShape.clone();
    this.firstStep = firstStep;
    this.rates = rates.clone();
    this.roundExamples = roundExamples;
    this.weights = weights;
    this.state = state;
    this.optimizers = optimizers;
  }

  @Override
  public ShardResult call(Shard shard) {
    long start = System.nanoTime();
    ExecutorNetworks.Slot slot = ExecutorNetworks.borrow(spec);
    try {
      Network network = slot.network;
      slot.layout.write(weights.value(), network);
      Optimizer optimizer = optimizers.create();
      FlatState initial = state.value();
      initial.loadInto(optimizer, initial.iteration, network.dataType());
      int examples = 0;
      double lossSum = 0;
      for (int i = 0; i < rates.length; i++) {
        int step = firstStep + i;
        int n = shard.size(step);
        if (n == 0) {
          continue;
        }
        long[] shape = {n, inputShape[0], inputShape[1], inputShape[2]};
        INDArray x = Nd4j.create(shard.features(step), shape, 'c');
        optimizer.setLearningRate(rates[i]);
        lossSum += network.computeGradients(x, shard.labels(step)) * n;
        optimizer.step(network.parameters(), network.gradients());
        examples += n;
      }
      if (examples == 0) {
        return ShardResult.empty();
      }
      float weight = (float) examples / roundExamples;
      float[] sum = slot.layout.read(network);
      for (int i = 0; i < sum.length; i++) {
        sum[i] *= weight;
      }
      ShardResult result = new ShardResult(sum, lossSum, examples, System.nanoTime() - start);
      result.state = FlatState.of(optimizer, weight);
      return result;
    } finally {
      ExecutorNetworks.release(spec, slot);
    }
  }
}
