package io.annet.runtime.train;

import java.util.List;

/**
 * The per-epoch results of one {@link Trainer#fit} call, in order.
 *
 * @param epochs one result per epoch
 */
public record TrainingHistory(List<EpochResult> epochs) {
  public TrainingHistory {
    epochs = List.copyOf(epochs);
  }

  /** The last epoch's result. */
  public EpochResult last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch was trained");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** Training loss per epoch. */
  public double[] trainLoss() {
    return epochs.stream().mapToDouble(EpochResult::trainLoss).toArray();
  }

  /** Test loss per epoch. */
  public double[] testLoss() {
    return epochs.stream().mapToDouble(EpochResult::testLoss).toArray();
  }

  /** Test accuracy per epoch. */
  public double[] testAccuracy() {
    return epochs.stream().mapToDouble(EpochResult::testAccuracy).toArray();
  }

  /** Seconds per epoch. */
  public double[] seconds() {
    return epochs.stream().mapToDouble(EpochResult::seconds).toArray();
  }

  /** Training images per second per epoch. */
  public double[] imagesPerSecond() {
    return epochs.stream().mapToDouble(EpochResult::imagesPerSecond).toArray();
  }

  /** One line per epoch. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (EpochResult e : epochs) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }
}
