package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.CosineSchedule;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingHistory;
import io.annet.runtime.train.TrainingListener;
import java.nio.file.Path;

/** The one training recipe the commands share: Adam with a short warm-up and cosine annealing. */
final class Training {
  private Training() {}

  /**
   * Trains {@code network} on {@code data.train()}, evaluating on {@code data.test()} after each
   * epoch; writes a checkpoint after every epoch when {@code checkpoint} is not null.
   */
  static TrainingHistory fit(
      Network network,
      DataLoader.Split data,
      TrainingOptions options,
      TrainingListener listener,
      Path checkpoint) {
    long steps = (long) options.epochs * data.train().batchCount(options.batch);
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
            .listener(listener);
    if (checkpoint != null) {
      builder.checkpoint(checkpoint);
    }
    return builder.build().fit(network, data.train(), data.test());
  }
}
