package io.annet.spark;

import io.annet.runtime.AnnetException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import scala.Tuple2;

/**
 * One partition's examples for one epoch, in the epoch's order, packed into flat arrays, with
 * where each global batch's share begins: what an executor keeps in memory (cached by Spark) and
 * cuts its step's shard from.
 */
public final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int exampleLength;
  private final float[] features;
  private final int[] labels;
  /** Examples of step t: [stepStart[t], stepStart[t + 1]). */
  private final int[] stepStart;

  private Shard(int exampleLength, float[] features, int[] labels, int[] stepStart) {
    this.exampleLength = exampleLength;
    this.features = features;
    this.labels = labels;
    this.stepStart = stepStart;
  }

  /**
   * Packs a partition's (position, example) pairs, sorted by position, as {@code plan} laid them
   * out; {@code exampleLength} is the number of feature values per example.
   */
  static Shard pack(Iterator<Tuple2<Long, Example>> sorted, ShardPlan plan, int exampleLength) {
    int steps = plan.steps();
    int[] counts = new int[steps];
    float[] features = new float[0];
    int[] labels = new int[0];
    int n = 0;
    long previous = -1;
    while (sorted.hasNext()) {
      Tuple2<Long, Example> next = sorted.next();
      long position = next._1();
      Example example = next._2();
      if (position <= previous || position >= plan.examples()) {
        throw new AnnetException("example " + example.index() + " has position " + position
            + " in the epoch's order, after " + previous + " of " + plan.examples()
            + ": are the example indices unique and in 0..N-1?");
      }
      if (example.features().length != exampleLength) {
        throw new AnnetException("example " + example.index() + " has "
            + example.features().length + " feature values, the network takes "
            + exampleLength);
      }
      if (n == labels.length) {
        int grown = Math.max(16, n * 2);
        labels = Arrays.copyOf(labels, grown);
        features = Arrays.copyOf(features, Math.multiplyExact(grown, exampleLength));
      }
      System.arraycopy(example.features(), 0, features, n * exampleLength, exampleLength);
      labels[n++] = example.label();
      counts[(int) (position / plan.batchSize(0))]++;
      previous = position;
    }
    int[] stepStart = new int[steps + 1];
    for (int t = 0; t < steps; t++) {
      stepStart[t + 1] = stepStart[t] + counts[t];
    }
    return new Shard(exampleLength, Arrays.copyOf(features, n * exampleLength),
        Arrays.copyOf(labels, n), stepStart);
  }

  /** Number of examples this shard computes in global batch {@code step}. */
  int size(int step) {
    return stepStart[step + 1] - stepStart[step];
  }

  /** The features of step {@code step}'s examples, flat. */
  float[] features(int step) {
    return Arrays.copyOfRange(features, stepStart[step] * exampleLength,
        stepStart[step + 1] * exampleLength);
  }

  /** The classes of step {@code step}'s examples. */
  int[] labels(int step) {
    return Arrays.copyOfRange(labels, stepStart[step], stepStart[step + 1]);
  }

  /** Examples in the whole shard. */
  int examples() {
    return labels.length;
  }
}
