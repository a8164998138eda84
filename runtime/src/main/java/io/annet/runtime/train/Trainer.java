package io.annet.runtime.train;

import io.annet.runtime.NativeThreads;
import io.annet.runtime.Network;
import io.annet.runtime.NonFiniteValueException;
import io.annet.runtime.Trainable;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

  private final TrainingSettings settings;
  private final List<TrainingListener> listeners;
  private final Boolean consoleProgress;
  /** Steps already done by the run {@link #resume} continues; -1 when not resuming. */
  private long resumeSteps = -1;

  private Trainer(Builder b) {
    this.settings = new TrainingSettings(
        Objects.requireNonNull(b.optimizer, "Trainer needs an optimizer"), b.batchSize, b.epochs,
        b.seed, b.shuffle, b.schedule, b.checkpoint);
    this.listeners = List.copyOf(b.listeners);
    this.consoleProgress = b.consoleProgress;
  }

  /** A builder; only the optimizer is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The optimizer (its state lives on across {@code fit} calls). */
  public Optimizer optimizer() {
    return settings.optimizer();
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
      settings.optimizer().loadState(loaded.optimizerState());
      resumeSteps = settings.optimizer().iteration();
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
    TrainingRun run = new TrainingRun(settings, net, train, test, all);
    // Held for the whole run, so that another thread's call between a gradient step and its
    // update fails loudly instead of mixing into it.
    Network owned = net instanceof Network network ? network : null;
    if (owned != null) {
      owned.claim("Trainer.fit");
    }
    try (ShutdownGuard guard = settings.checkpoint() == null ? null : new ShutdownGuard()) {
      return run.run(skip);
    } finally {
      run.closeStream(); // stops a streaming source's threads however the run ended
      if (owned != null) {
        owned.release();
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
