package io.annet.runtime.train;

import io.annet.runtime.AnnetException;

/**
 * Training stopped because its thread was interrupted (or the JVM began to shut down, e.g. on
 * Ctrl-C); when a checkpoint was asked for, it was written after the last completed step.
 */
public class TrainingInterruptedException extends AnnetException {
  private final int epoch;
  private final int batch;

  /** Describes where training stopped; {@code message} says whether a checkpoint was written. */
  public TrainingInterruptedException(String message, int epoch, int batch) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch of the last completed step, from 0. */
  public int epoch() {
    return epoch;
  }

  /** The last completed batch of that epoch, from 0. */
  public int batch() {
    return batch;
  }
}
