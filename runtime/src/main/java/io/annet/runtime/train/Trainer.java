package io.annet.runtime.train;

import io.annet.runtime.Network;
import io.annet.runtime.NonFiniteInputException;
import io.annet.runtime.Trainable;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.data.Batch;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mini-batch training: seeded shuffling each epoch, one optimizer step per batch, evaluation on
 * a test set after each epoch, listeners, optional checkpoint per epoch, and a stop with the
 * last good weights restored when the loss stops being finite.
 *
 * <p>An interrupt of the training thread stops training after the current step and throws
 * {@link TrainingInterruptedException}; with a checkpoint path set, the checkpoint of that step
 * is written first, and a JVM shutdown (Ctrl-C) interrupts training and waits for that write.
 *
 * <p>The same seed, data, network initialisation and settings give the same weights.
 */
public final class Trainer {
  private final Optimizer optimizer;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final boolean shuffle;
  private final LearningRateSchedule schedule;
  private final List<TrainingListener> listeners;
  private final Path checkpoint;

  private Trainer(Builder b) {
    this.optimizer = Objects.requireNonNull(b.optimizer, "Trainer needs an optimizer");
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.schedule = b.schedule;
    this.listeners = List.copyOf(b.listeners);
    this.checkpoint = b.checkpoint;
  }

  /** A builder; only the optimizer is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The optimizer (its state lives on across {@code fit} calls). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Trains {@code net} on {@code train} without a test set. */
  public TrainingHistory fit(Trainable net, Dataset train) {
    return fit(net, train, null);
  }

  /**
   * Loads a checkpoint written for {@code net}'s architecture (e.g. by this trainer) into {@code
   * net}'s parameters and, when it holds optimizer state, into this trainer's optimizer, so that
   * training continues where it stopped.
   *
   * @throws CheckpointException when the file is damaged, of another architecture, or its tensors
   *     do not match the network's names and shapes
   */
  public void resume(Trainable net, Path path) throws IOException {
    Checkpoint loaded = Checkpoints.load(path, net.architecture());
    Map<String, INDArray> parameters = net.parameters();
    if (!parameters.keySet().equals(loaded.parameters().keySet())) {
      throw new CheckpointException(
          path, "holds tensors " + loaded.parameters().keySet() + " but "
              + net.architecture().modelName() + " has " + parameters.keySet());
    }
    for (Map.Entry<String, INDArray> e : loaded.parameters().entrySet()) {
      INDArray target = parameters.get(e.getKey());
      if (!Arrays.equals(target.shape(), e.getValue().shape())) {
        throw new CheckpointException(
            path, "tensor '" + e.getKey() + "' has shape " + Arrays.toString(e.getValue().shape())
                + " but the network expects " + Arrays.toString(target.shape()));
      }
    }
    Network owned = net instanceof Network network ? network : null;
    if (owned != null) {
      owned.claim("Trainer.resume");
    }
    try {
      loaded.parameters().forEach((name, value) -> parameters.get(name).assign(value));
    } finally {
      if (owned != null) {
        owned.release();
      }
    }
    if (!loaded.optimizerState().isEmpty()) {
      optimizer.loadState(loaded.optimizerState());
    }
  }

  /**
   * Trains {@code net} on {@code train} and evaluates it on {@code test} (may be null) after
   * every epoch.
   *
   * @throws TrainingDivergedException on a NaN or infinite loss, after restoring the weights
   *     that last gave a finite loss
   * @throws CheckpointException when the per-epoch checkpoint cannot be written
   * @throws TrainingInterruptedException when the thread is interrupted (or the JVM shuts down),
   *     after the checkpoint of the last step was written (when one was asked for)
   */
  public TrainingHistory fit(Trainable net, Dataset train, Dataset test) {
    // Held for the whole run, so that another thread's call between a gradient step and its
    // update fails loudly instead of mixing into it.
    Network owned = net instanceof Network network ? network : null;
    if (owned != null) {
      owned.claim("Trainer.fit");
    }
    try (ShutdownGuard guard = checkpoint == null ? null : new ShutdownGuard()) {
      return run(net, train, test);
    } finally {
      if (owned != null) {
        owned.release();
      }
    }
  }

  private TrainingHistory run(Trainable net, Dataset train, Dataset test) {
    if (checkpoint != null) {
      Checkpoints.requireFileName(checkpoint); // not after an epoch's work
    }
    Evaluator.checkCompatible(net, train);
    if (test != null) {
      Evaluator.checkCompatible(net, test);
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    Evaluator.requireFinite(net, train, "training set");
    DataType dtype = Evaluator.dataTypeOf(net);
    Map<String, INDArray> parameters = net.parameters();
    Map<String, INDArray> gradients = net.gradients();
    // The weights that last gave a finite loss, refreshed before every update.
    Map<String, INDArray> lastGood = new LinkedHashMap<>();
    parameters.forEach((name, value) -> lastGood.put(name, value.dup()));

    int batches = train.batchCount(batchSize);
    List<EpochResult> results = new ArrayList<>();
    double lastFiniteLoss = Double.NaN;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (TrainingListener l : listeners) {
        l.onEpochStart(epoch, epochs);
      }
      int[] order = shuffle ? train.shuffledOrder(epochSeed(epoch)) : train.naturalOrder();
      long start = System.nanoTime();
      double lossSum = 0;
      int seen = 0;
      double rate = optimizer.learningRate();
      for (Batch batch : train.batches(batchSize, order, dtype)) {
        if (schedule != null) {
          rate = schedule.learningRate(epoch, optimizer.iteration());
          optimizer.setLearningRate(rate);
        }
        double loss;
        try {
          loss = net.computeGradients(batch.features(), batch.oneHot());
        } catch (NonFiniteInputException e) {
          throw Evaluator.inDataset(e, net, "training set", order, batch.index() * batchSize,
              "epoch " + (epoch + 1) + ", batch " + (batch.index() + 1) + "/" + batches);
        }
        if (!Double.isFinite(loss)) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, loss, rate, lastFiniteLoss);
        }
        lastFiniteLoss = loss;
        lastGood.forEach((name, copy) -> copy.assign(parameters.get(name)));
        optimizer.step(parameters, gradients);
        lossSum += loss * batch.size();
        seen += batch.size();
        double perSecond = seen / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        for (TrainingListener l : listeners) {
          l.onBatchEnd(epoch, batch.index(), batches, loss, perSecond);
        }
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(net, epoch, batch.index(), batches);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Evaluation evaluation = test == null ? null : Evaluator.evaluate(net, test, batchSize);
      EpochResult result = new EpochResult(
          epoch,
          lossSum / seen,
          evaluation == null ? Double.NaN : evaluation.loss(),
          evaluation == null ? Double.NaN : evaluation.accuracy(),
          evaluation == null ? null : evaluation.confusion(),
          seconds,
          seen / Math.max(1e-9, seconds),
          rate);
      results.add(result);
      if (checkpoint != null) {
        saveCheckpoint(net);
      }
      for (TrainingListener l : listeners) {
        l.onEpochEnd(result);
      }
    }
    return new TrainingHistory(results);
  }

  private long epochSeed(int epoch) {
    return seed * 0x9E3779B97F4A7C15L + epoch;
  }

  private static void restore(Map<String, INDArray> parameters, Map<String, INDArray> lastGood) {
    lastGood.forEach((name, copy) -> parameters.get(name).assign(copy));
  }

  private TrainingDivergedException diverged(
      int epoch, int batch, int batches, double loss, double rate, double lastFiniteLoss) {
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
    String restored = Double.isNaN(lastFiniteLoss)
        ? "The weights are unchanged (no update had been made yet); check the input data."
        : String.format("Restored the weights from before the last update (they gave a finite "
            + "loss of %.4g).", lastFiniteLoss);
    String message = String.format(
        "Training diverged at %s: the loss is %s (learning rate %.3g, optimizer %s). %s "
            + "Try a lower learning rate, a warm-up, or check the data for NaN values.",
        where, loss, rate, optimizer, restored);
    return new TrainingDivergedException(message, epoch, batch, loss);
  }

  /** Writes the checkpoint (if one was asked for) and describes where training stopped. */
  private TrainingInterruptedException interrupted(
      Trainable net, int epoch, int batch, int batches) {
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
    String saved = "No checkpoint was asked for; the network holds the weights of that step.";
    if (checkpoint != null) {
      saveCheckpoint(net);
      saved = "Saved the weights and optimizer state of that step to " + checkpoint
          + "; continue with Trainer.resume.";
    }
    return new TrainingInterruptedException(
        "Training interrupted after " + where + ". " + saved, epoch, batch);
  }

  /**
   * Writes the checkpoint. A pending interrupt would abort the file channel's I/O, so it is
   * cleared for the write (and a write aborted by one is redone), then set again.
   */
  private void saveCheckpoint(Trainable net) {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          Checkpoints.save(checkpoint, net.architecture(), net.parameters(), optimizer.state());
          return;
        } catch (ClosedByInterruptException e) {
          interrupted |= Thread.interrupted();
          if (attempt == 3) {
            throw new CheckpointException(checkpoint, "interrupted while writing, 3 times", e);
          }
        } catch (IOException e) {
          throw new CheckpointException(checkpoint, "cannot write: " + e, e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Settings of a {@link Trainer}. */
  public static final class Builder {
    private Optimizer optimizer;
    private int batchSize = 64;
    private int epochs = 1;
    private long seed;
    private boolean shuffle = true;
    private LearningRateSchedule schedule;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path checkpoint;

    private Builder() {}

    /** The optimizer (required). */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /** Examples per step, >= 1 (default 64). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, found " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Passes over the training set, >= 1 (default 1). */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Seed of the per-epoch shuffling (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether to shuffle each epoch (default true); false walks the data in order. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** A learning-rate schedule, asked before each step (default: the optimizer's rate). */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Adds a listener. */
    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Saves a checkpoint (weights and optimizer state) to {@code path} after every epoch. */
    public Builder checkpoint(Path path) {
      this.checkpoint = path;
      return this;
    }

    /** The trainer. */
    public Trainer build() {
      return new Trainer(this);
    }
  }
}
