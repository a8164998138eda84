package io.annet.runtime.train;

import io.annet.runtime.NativeThreads;
import io.annet.runtime.Network;
import io.annet.runtime.NonFinite;
import io.annet.runtime.NonFiniteInputException;
import io.annet.runtime.NonFiniteValueException;
import io.annet.runtime.Trainable;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.data.Batch;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.data.BatchStream;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>Divergence is caught wherever a value stops being finite: the loss, a batch-norm statistic,
 * a gradient or an updated weight ({@link NonFiniteValueException}), the weights after an epoch's
 * last update, the test loss. The weights from before the last update are restored and {@link
 * TrainingDivergedException} names the value; the checkpoint file keeps the last good epoch (one
 * with non-finite weights is never written).
 *
 * <p>An interrupt of the training thread stops training after the current step and throws
 * {@link TrainingInterruptedException}; with a checkpoint path set, the checkpoint of that step
 * is written first, and a JVM shutdown (Ctrl-C) interrupts training and waits for that write.
 *
 * <p>The same seed, data, network initialisation and settings give the same weights.
 */
public final class Trainer {
  static {
    io.annet.runtime.NativeDefaults.apply(); // before ND4J's natives load (see NativeDefaults)
  }

  private final Optimizer optimizer;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final boolean shuffle;
  private final LearningRateSchedule schedule;
  private final List<TrainingListener> listeners;
  private final Path checkpoint;
  private int savedEpochs; // checkpoints written by the current fit, for a divergence's message
  private final Boolean consoleProgress;
  /** Steps already done by the run {@link #resume} continues; -1 when not resuming. */
  private long resumeSteps = -1;
  /** The training batches of the running epoch, closed when it ends however it ends. */
  private BatchStream stream;

  private Trainer(Builder b) {
    this.optimizer = Objects.requireNonNull(b.optimizer, "Trainer needs an optimizer");
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.schedule = b.schedule;
    this.listeners = List.copyOf(b.listeners);
    this.checkpoint = b.checkpoint;
    this.consoleProgress = b.consoleProgress;
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
  public TrainingHistory fit(Trainable net, BatchSource train) {
    return fit(net, train, null);
  }

  /**
   * Loads a checkpoint written for {@code net}'s architecture (e.g. by this trainer) into {@code
   * net}'s parameters and, when it holds optimizer state, into this trainer's optimizer, so that
   * training continues where it stopped: the next {@link #fit} skips the epochs and batches
   * already done (the optimizer state counts its steps), so that with the same data, batch size,
   * epochs, seed and schedule it finishes the interrupted run with the same weights as a run that
   * was never interrupted (dropout masks aside, whose random stream is not saved). A checkpoint
   * of a finished run (at least as many steps as the next {@code fit}'s epochs take) or one
   * without optimizer state is trained further by all of the next {@code fit}'s epochs.
   *
   * @return the number of training steps the checkpoint had done (0 without optimizer state)
   *
   * @throws CheckpointException when the file is damaged, of another architecture, or its tensors
   *     do not match the network's names and shapes
   */
  public long resume(Trainable net, Path path) throws IOException {
    Checkpoint loaded = TrainerCheckpoints.load(path, net);
    resumeSteps = -1;
    if (!loaded.optimizerState().isEmpty()) {
      optimizer.loadState(loaded.optimizerState());
      resumeSteps = optimizer.iteration();
    }
    return Math.max(0, resumeSteps);
  }

  /**
   * Trains {@code net} on {@code train} and evaluates it on {@code test} (may be null) after
   * every epoch; either may be an in-memory {@code Dataset} or a streaming source.
   *
   * @throws TrainingDivergedException on a NaN or infinite loss, after restoring the weights
   *     that last gave a finite loss
   * @throws CheckpointException when the per-epoch checkpoint cannot be written
   * @throws TrainingInterruptedException when the thread is interrupted (or the JVM shuts down),
   *     after the checkpoint of the last step was written (when one was asked for)
   */
  public TrainingHistory fit(Trainable net, BatchSource train, BatchSource test) {
    NativeThreads.checkEnvironment(); // a Trainable need not be a Network, which checks it too
    List<TrainingListener> all = new ArrayList<>(listeners);
    if (consoleProgress == null ? System.console() != null : consoleProgress) {
      all.add(ConsoleProgress.create(net.architecture().modelName())
          .showDecodeRate(train::decodeImagesPerSecond));
    }
    long skip = Math.max(0, resumeSteps);
    resumeSteps = -1;
    // Held for the whole run, so that another thread's call between a gradient step and its
    // update fails loudly instead of mixing into it.
    Network owned = net instanceof Network network ? network : null;
    if (owned != null) {
      owned.claim("Trainer.fit");
    }
    try (ShutdownGuard guard = checkpoint == null ? null : new ShutdownGuard()) {
      return run(net, train, test, all, skip);
    } finally {
      closeStream(); // stops a streaming source's threads however the run ended
      if (owned != null) {
        owned.release();
      }
    }
  }

  /** The epoch's batches; the stream stays open (background threads) until {@link #closeStream}. */
  private Iterable<Batch> open(BatchSource train, int[] order, DataType dtype) {
    closeStream();
    BatchStream opened = train.open(batchSize, order, dtype);
    stream = opened;
    return () -> opened;
  }

  private void closeStream() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  private TrainingHistory run(
      Trainable net, BatchSource train, BatchSource test, List<TrainingListener> listeners,
      long done) {
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
    savedEpochs = 0;
    if (done >= (long) epochs * batches) {
      done = 0; // the resumed run had finished: train this fit's epochs on top of it
    }
    for (int epoch = (int) (done / batches); epoch < epochs; epoch++) {
      int skip = epoch == done / batches ? (int) (done % batches) : 0;
      for (TrainingListener l : listeners) {
        l.onEpochStart(epoch, epochs);
      }
      int[] order = shuffle ? train.shuffledOrder(epochSeed(epoch)) : train.naturalOrder();
      long start = System.nanoTime();
      double lossSum = 0;
      int seen = 0;
      double rate = optimizer.learningRate();
      for (Batch batch : open(train, order, dtype)) {
        if (batch.index() < skip) {
          continue;
        }
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
        } catch (NonFiniteValueException e) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, Double.NaN, rate, lastFiniteLoss,
              e.getMessage());
        }
        if (!Double.isFinite(loss)) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, loss, rate, lastFiniteLoss,
              "the loss is " + loss);
        }
        lastFiniteLoss = loss;
        lastGood.forEach((name, copy) -> copy.assign(parameters.get(name)));
        try {
          optimizer.step(parameters, gradients);
        } catch (NonFiniteValueException e) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, loss, rate, lastFiniteLoss,
              e.getMessage());
        }
        lossSum += loss * batch.size();
        seen += batch.size();
        double perSecond = seen / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        for (TrainingListener l : listeners) {
          l.onBatchEnd(epoch, batch.index(), batches, loss, perSecond);
        }
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(net, epoch, batch.index(), batches, listeners);
        }
      }
      closeStream();
      double seconds = (System.nanoTime() - start) / 1e9;
      // The weights after the epoch's last update, and what they predict, before anything is saved
      String bad = NonFinite.first(parameters);
      Evaluation evaluation = null;
      if (bad == null && test != null) {
        try {
          evaluation = Evaluator.evaluate(net, test, batchSize);
          bad = Double.isFinite(evaluation.loss()) ? null : "the test loss is " + evaluation.loss();
        } catch (NonFiniteValueException e) {
          bad = "on the test set, " + e.getMessage();
        }
      } else if (bad != null) {
        bad = "after the epoch's last update, tensor " + bad;
      }
      if (bad != null) {
        restore(parameters, lastGood);
        throw diverged(epoch, batches - 1, batches, Double.NaN, rate, lastFiniteLoss, bad);
      }
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
        TrainerCheckpoints.save(checkpoint, net, optimizer);
        savedEpochs = epoch + 1;
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

  /**
   * Describes a divergence: where, {@code what} became non-finite, what was restored, and what the
   * checkpoint file holds (a checkpoint of non-finite weights is never written).
   */
  private TrainingDivergedException diverged(int epoch, int batch, int batches, double loss,
      double rate, double lastFiniteLoss, String what) {
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
    String restored = Double.isNaN(lastFiniteLoss)
        ? "The weights are unchanged (no update had been made yet); check the input data."
        : String.format("Restored the weights from before the last update (they gave a finite "
            + "loss of %.4g).", lastFiniteLoss);
    String saved = checkpoint == null ? ""
        : savedEpochs == 0 ? " This run wrote no checkpoint (" + checkpoint + " is left as it was)."
        : " The checkpoint " + checkpoint + " keeps the weights of epoch " + savedEpochs + ".";
    String message = String.format(
        "Training diverged at %s: %s (learning rate %.3g, optimizer %s). %s%s "
            + "Try a lower learning rate, a warm-up, or check the data for NaN values.",
        where, what, rate, optimizer, restored, saved);
    return new TrainingDivergedException(message, epoch, batch, loss);
  }

  /** Writes the checkpoint (if one was asked for) and describes where training stopped. */
  private TrainingInterruptedException interrupted(
      Trainable net, int epoch, int batch, int batches, List<TrainingListener> listeners) {
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
    String saved = "No checkpoint was asked for; the network holds the weights of that step.";
    if (checkpoint != null) {
      TrainerCheckpoints.save(checkpoint, net, optimizer);
      saved = "Saved the weights and optimizer state of that step to " + checkpoint
          + "; continue with Trainer.resume.";
    }
    TrainingInterruptedException stop = new TrainingInterruptedException(
        "Training interrupted after " + where + ". " + saved, epoch, batch);
    // Still inside the shutdown guard: a JVM shutdown waits for these (e.g. a console message).
    for (TrainingListener l : listeners) {
      l.onInterrupted(stop);
    }
    return stop;
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
    private Boolean consoleProgress;

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

    /**
     * Whether to show a {@link ConsoleProgress} (a bar and a line per epoch); by default it shows
     * when the program runs in a terminal ({@code System.console() != null}).
     */
    public Builder consoleProgress(boolean on) {
      this.consoleProgress = on;
      return this;
    }

    /** The trainer. */
    public Trainer build() {
      return new Trainer(this);
    }
  }
}
