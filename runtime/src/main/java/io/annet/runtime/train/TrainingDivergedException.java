package io.annet.runtime.train;

import io.annet.runtime.AnnetException;

/**
 * Training produced a NaN or infinite loss; the network's weights were restored to the last
 * values that gave a finite loss.
 */
public class TrainingDivergedException extends AnnetException {
  private final int epoch;
  private final int batch;
  private final double loss;

  /** Describes the failing batch; {@code message} says what was restored and what to try. */
  public TrainingDivergedException(String message, int epoch, int batch, double loss) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
    this.loss = loss;
  }

  /** The epoch of the failing batch, from 0. */
  public int epoch() {
    return epoch;
  }

  /** The failing batch, from 0. */
  public int batch() {
    return batch;
  }

  /** The non-finite loss. */
  public double loss() {
    return loss;
  }
}
