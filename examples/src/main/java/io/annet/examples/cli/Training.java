package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.CosineSchedule;
import io.annet.runtime.train.ConsoleProgress;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingHistory;
import io.annet.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The one training recipe the commands share: Adam with a short warm-up and cosine annealing. */
final class Training {
  private Training() {}

  /**
   * The runtime's console progress for a command: epoch lines on {@code out}, the bar on standard
   * error when a terminal is attached.
   */
  static ConsoleProgress progress(String model, PrintWriter out) {
    PrintWriter bar = System.console() == null ? null : new PrintWriter(System.err, true);
    return new ConsoleProgress(model, out, bar, ConsoleProgress::terminalWidth);
  }

  /**
   * Trains {@code network} on {@code data.train()}, evaluating on {@code data.test()} after each
   * epoch; writes a checkpoint after every epoch when {@code checkpoint} is not null, and with
   * {@code resume} first continues from that checkpoint (weights, optimizer state, steps done).
   *
   * @return the history of the epochs trained by this call
   */
  static TrainingHistory fit(
      Network network,
      DataLoader.Split data,
      TrainingOptions options,
      TrainingListener listener,
      Path checkpoint,
      boolean resume)
      throws IOException {
    return fit(network, data.train(), data.test(), options, listener, checkpoint, resume);
  }

  /** As {@link #fit(Network, DataLoader.Split, TrainingOptions, TrainingListener, Path,
   * boolean)}, for any training and test source (in memory or streamed images). */
  static TrainingHistory fit(
      Network network,
      BatchSource train,
      BatchSource test,
      TrainingOptions options,
      TrainingListener listener,
      Path checkpoint,
      boolean resume)
      throws IOException {
    long steps = (long) options.epochs * train.batchCount(options.batch);
    long warmup = Math.min(50, steps / 10);
    Trainer.Builder builder =
        Trainer.builder()
            .optimizer(new Adam(options.learningRate))
            .schedule(
                new CosineSchedule(
                    options.learningRate, options.learningRate / 20, steps + 1, warmup))
            .batchSize(options.batch)
            .epochs(options.epochs)
            .seed(options.seed)
            .consoleProgress(false)
            .listener(listener);
    if (checkpoint != null) {
      builder.checkpoint(checkpoint);
    }
    Trainer trainer = builder.build();
    if (resume) {
      long done = trainer.resume(network, checkpoint);
      if (done >= steps) {
        throw new CliException(
            "nothing left to train: "
                + checkpoint
                + " holds a run that finished all "
                + steps
                + " steps of "
                + options.epochs
                + " epochs; to train it further, resume with more --epochs");
      }
    }
    // a split that held out nothing (tiny classes) trains without evaluation rather than on NaN
    return trainer.fit(network, train, test != null && test.size() == 0 ? null : test);
  }
}
