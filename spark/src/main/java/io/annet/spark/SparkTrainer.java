package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.Network;
import io.annet.runtime.NonFiniteValueException;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import io.annet.runtime.train.EpochResult;
import io.annet.runtime.train.Evaluation;
import io.annet.runtime.train.Evaluator;
import io.annet.runtime.train.TrainingHistory;
import io.annet.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training of a generated network on Spark: the math of one machine
 * with the same global batch. Every step each of {@code k} partitions computes the gradients of
 * its shard of the global batch with the broadcast weights ({@link ShardStep}), the size-weighted
 * shard gradients are summed (collected in partition order for a few partitions, Spark's {@code
 * treeReduce} for more; see docs/SCALE.md), the driver applies one optimizer step and
 * broadcasts the new weights as one flat float buffer. The global batches are exactly those a
 * single-machine {@link io.annet.runtime.train.Trainer} with the same seed and batch size takes
 * (see {@link ShardPlan}), so the weights agree with its up to float rounding.
 *
 * <p>Networks with batch normalization compute its statistics per shard (like data-parallel
 * training without synchronised batch norm), and their running statistics are the shards'
 * size-weighted mean; dropout masks differ by executor. Without those layers the step is exact.
 *
 * <p>A checkpoint (weights and optimizer state, the runtime's format) is written from the driver
 * after every epoch; {@link #resume} continues from one.
 */
public final class SparkTrainer {
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final int partitions;
  private final int depth;
  private final int collectUpTo;
  private final int averageEvery;
  private final OptimizerFactory localOptimizers;
  private final Path checkpoint;
  private final List<TrainingListener> listeners;
  private final StepTimes times = new StepTimes();
  private long resumeSteps = -1;

  private SparkTrainer(Builder b) {
    this.optimizer = Objects.requireNonNull(b.optimizer, "SparkTrainer needs an optimizer");
    this.schedule = b.schedule;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.partitions = b.partitions;
    this.depth = b.depth;
    this.collectUpTo = b.collectUpTo;
    this.averageEvery = b.averageEvery;
    this.localOptimizers = b.localOptimizers;
    if (averageEvery > 0 && !localOptimizers.create().prefix().equals(optimizer.prefix())) {
      throw new IllegalArgumentException("parameter averaging's local optimizer ("
          + localOptimizers.create().prefix() + ") must be of the driver's kind ("
          + optimizer.prefix() + ")");
    }
    this.checkpoint = b.checkpoint;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A builder; only the optimizer is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The optimizer (on the driver). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Where the time of the steps so far went (driver, communication, executors' compute). */
  public StepTimes times() {
    return times;
  }

  /**
   * Loads a checkpoint into {@code net} and, when it holds optimizer state, into the optimizer,
   * so that the next {@link #fit} skips the steps already done (as the single-machine trainer's
   * resume does); returns the number of steps the checkpoint had done.
   */
  public long resume(Network net, Path path) throws IOException {
    resumeSteps = SparkCheckpoints.load(net, path, optimizer);
    return Math.max(0, resumeSteps);
  }

  /**
   * Trains {@code net} (the driver's copy, which ends with the trained weights) on {@code train}
   * across the cluster of {@code spark}, evaluating on {@code test} (may be null) on the driver
   * after every epoch.
   *
   * @param train examples with indices 0..N-1 (see {@link SparkData})
   * @throws AnnetException when a loss, gradient or weight stops being finite (the weights are
   *     those of the last good step), or the data does not fit the network
   */
  public TrainingHistory fit(JavaSparkContext spark, Network net, JavaRDD<Example> train,
      Dataset test) {
    FlatParameters layout = FlatParameters.of(net);
    NetworkSpec spec = NetworkSpec.of(net);
    int[] inputShape = net.architecture().inputShape();
    int exampleLength = inputShape[0] * inputShape[1] * inputShape[2];
    long examples = train.count();
    if (examples == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    ShardPlan plan = new ShardPlan(examples, batchSize, partitions);
    int steps = plan.steps();
    long done = Math.max(0, resumeSteps);
    resumeSteps = -1;
    if (done >= (long) epochs * steps) {
      done = 0; // the resumed run had finished: train this fit's epochs on top of it
    }
    List<EpochResult> results = new ArrayList<>();
    for (int epoch = (int) (done / steps); epoch < epochs; epoch++) {
      int skip = epoch == done / steps ? (int) (done % steps) : 0;
      for (TrainingListener l : listeners) {
        l.onEpochStart(epoch, epochs);
      }
      long start = System.nanoTime();
      EpochShards shards = EpochShards.of(spark, train, plan, epochSeed(epoch), exampleLength);
      double lossSum = 0;
      int seen = 0;
      double rate = optimizer.learningRate();
      try {
        for (int step = skip; step < steps; ) {
          int count = averageEvery > 0 ? Math.min(averageEvery, steps - step) : 1;
          double[] rates = new double[count];
          for (int i = 0; i < count; i++) {
            rates[i] = schedule == null ? optimizer.learningRate()
                : schedule.learningRate(epoch, optimizer.iteration() + i);
          }
          rate = rates[count - 1];
          optimizer.setLearningRate(rates[0]);
          double loss = averageEvery > 0
              ? average(spark, net, layout, spec, inputShape, shards, plan, step, rates)
              : step(spark, net, layout, spec, inputShape, shards, plan, step);
          optimizer.setLearningRate(rate);
          for (int i = 0; i < count; i++) {
            lossSum += loss * plan.batchSize(step + i);
            seen += plan.batchSize(step + i);
          }
          step += count;
          double perSecond = seen / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
          for (TrainingListener l : listeners) {
            l.onBatchEnd(epoch, step - 1, steps, loss, perSecond);
          }
        }
      } finally {
        shards.release();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Evaluation evaluation = test == null ? null : Evaluator.evaluate(net, test, batchSize);
      EpochResult result = new EpochResult(epoch, lossSum / Math.max(1, seen),
          evaluation == null ? Double.NaN : evaluation.loss(),
          evaluation == null ? Double.NaN : evaluation.accuracy(),
          evaluation == null ? null : evaluation.confusion(),
          seconds, seen / Math.max(1e-9, seconds), rate);
      results.add(result);
      if (checkpoint != null) {
        SparkCheckpoints.save(net, checkpoint, optimizer);
      }
      for (TrainingListener l : listeners) {
        l.onEpochEnd(result);
      }
    }
    return new TrainingHistory(results);
  }

  /** One synchronous step; returns the global batch's mean loss. */
  private double step(JavaSparkContext spark, Network net, FlatParameters layout,
      NetworkSpec spec, int[] inputShape, EpochShards shards, ShardPlan plan, int step) {
    long t0 = System.nanoTime();
    float[] before = layout.read(net);
    Broadcast<float[]> weights = spark.broadcast(before);
    long t1 = System.nanoTime();
    int n = plan.batchSize(step);
    ShardResult total;
    try {
      total = sum(shards.rdd().map(new ShardStep(spec, inputShape, step, n, weights)));
    } finally {
      weights.destroy(false);
    }
    long t2 = System.nanoTime();
    if (total.examples != n || total.sum == null) {
      throw new AnnetException("step " + step + " summed the gradients of " + total.examples
          + " examples, the global batch has " + n);
    }
    double loss = total.lossSum / n;
    if (!Double.isFinite(loss)) {
      throw new AnnetException("training diverged at iteration " + (optimizer.iteration() + 1)
          + ": the loss is " + loss + " (lower the learning rate); the weights are those of"
          + " the step before");
    }
    net.claim("SparkTrainer.step");
    try {
      layout.applyStep(total.sum, net);
      optimizer.step(net.parameters(), net.gradients());
    } catch (NonFiniteValueException e) {
      layout.write(before, net);
      throw new AnnetException("training diverged at iteration " + optimizer.iteration() + ": "
          + e.getMessage() + "; the weights are those of the step before", e);
    } finally {
      net.release();
    }
    long t3 = System.nanoTime();
    times.add(t1 - t0, t2 - t1, total.maxComputeNanos, t3 - t2);
    return loss;
  }

  /**
   * Sums the shards' results: a few are collected and summed here in partition order (the same
   * float sum whatever order the tasks finish in, and faster than treeReduce's job, measured),
   * more by Spark's treeReduce on the executors.
   */
  private ShardResult sum(JavaRDD<ShardResult> results) {
    if (partitions > collectUpTo) {
      return results.treeReduce(ShardResult::add, depth);
    }
    ShardResult total = ShardResult.empty();
    for (ShardResult r : results.collect()) {
      total.add(r);
    }
    return total;
  }

  /**
   * One parameter-averaging round from global step {@code step}: every shard takes local steps
   * at {@code rates}, then weights and optimizer state are averaged; returns the mean loss.
   */
  private double average(JavaSparkContext spark, Network net, FlatParameters layout,
      NetworkSpec spec, int[] inputShape, EpochShards shards, ShardPlan plan, int step,
      double[] rates) {
    long t0 = System.nanoTime();
    int examples = 0;
    for (int i = 0; i < rates.length; i++) {
      examples += plan.batchSize(step + i);
    }
    Broadcast<float[]> weights = spark.broadcast(layout.read(net));
    Broadcast<FlatState> state = spark.broadcast(FlatState.of(optimizer, 1f));
    long t1 = System.nanoTime();
    ShardResult total;
    try {
      total = sum(shards.rdd().map(new AveragingRound(spec, inputShape, step, rates, examples,
          weights, state, localOptimizers)));
    } finally {
      weights.destroy(false);
      state.destroy(false);
    }
    long t2 = System.nanoTime();
    double loss = total.lossSum / examples;
    if (total.examples != examples || total.sum == null || !Double.isFinite(loss)) {
      throw new AnnetException("parameter averaging from step " + step + " took "
          + total.examples + " examples of " + examples + " with mean loss " + loss
          + " (lower the learning rate); the weights are those of the round before");
    }
    layout.write(total.sum, net);
    total.state.loadInto(optimizer, optimizer.iteration() + rates.length, net.dataType());
    times.add(t1 - t0, t2 - t1, total.maxComputeNanos, System.nanoTime() - t2);
    return loss;
  }

  /** The single-machine trainer's per-epoch shuffling seed, so both take the same batches. */
  private long epochSeed(int epoch) {
    return seed * 0x9E3779B97F4A7C15L + epoch;
  }

  /** Settings of a {@link SparkTrainer}. */
  public static final class Builder {
    private Optimizer optimizer;
    private LearningRateSchedule schedule;
    private int batchSize = 64;
    private int epochs = 1;
    private long seed;
    private int partitions = 2;
    private int depth = 2;
    private int collectUpTo = 4;
    private int averageEvery;
    private OptimizerFactory localOptimizers;
    private Path checkpoint;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The optimizer applied on the driver once per global batch. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** A learning-rate schedule applied before every step (optional). */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** The global batch size (all shards together); default 64. */
    public Builder batchSize(int batchSize) {
      require(batchSize >= 1, "batch size must be >= 1, found " + batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** Passes over the training set; default 1. */
    public Builder epochs(int epochs) {
      require(epochs >= 1, "epochs must be >= 1, found " + epochs);
      this.epochs = epochs;
      return this;
    }

    /** Seed of the per-epoch shuffling (the single-machine trainer's meaning). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Shards per global batch: Spark partitions, one task each per step; default 2. */
    public Builder partitions(int partitions) {
      require(partitions >= 1, "partitions must be >= 1, found " + partitions);
      this.partitions = partitions;
      return this;
    }

    /** Depth of Spark's tree reduction of the shards' gradients; default 2. */
    public Builder treeDepth(int depth) {
      require(depth >= 1, "tree depth must be >= 1, found " + depth);
      this.depth = depth;
      return this;
    }

    /**
     * The most partitions whose results the driver collects and sums itself, in partition
     * order (default 4); with more, Spark's {@code treeReduce} sums them on the executors.
     */
    public Builder collectUpTo(int partitions) {
      require(partitions >= 0, "collectUpTo must be >= 0, found " + partitions);
      this.collectUpTo = partitions;
      return this;
    }

    /**
     * Parameter averaging instead of synchronous steps (DL4J's {@code
     * ParameterAveragingTrainingMaster}): every shard takes {@code localSteps} optimizer steps
     * of its own (an optimizer from {@code local}, of the driver optimizer's kind, with the
     * schedule's rates) on its part of as many global batches, then the weights and optimizer
     * state are averaged, weighted by examples. Fewer exchanges, not the math of one machine:
     * with 1 local step and plain SGD it equals synchronous SGD. 0 turns it off (the default).
     */
    public Builder parameterAveraging(int localSteps, OptimizerFactory local) {
      require(localSteps >= 0, "local steps must be >= 0, found " + localSteps);
      require(localSteps == 0 || local != null, "parameter averaging needs a local optimizer");
      this.averageEvery = localSteps;
      this.localOptimizers = local;
      return this;
    }

    /** A checkpoint file written from the driver after every epoch (optional). */
    public Builder checkpoint(Path checkpoint) {
      Checkpoints.requireFileName(checkpoint);
      this.checkpoint = checkpoint;
      return this;
    }

    /** A listener called on the driver (epoch start, every step, epoch end). */
    public Builder listener(TrainingListener listener) {
      this.listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /** The trainer. */
    public SparkTrainer build() {
      return new SparkTrainer(this);
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
