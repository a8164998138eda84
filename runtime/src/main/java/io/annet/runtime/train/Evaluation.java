package io.annet.runtime.train;

import io.annet.runtime.metrics.ConfusionMatrix;

/**
 * A network's quality on a dataset.
 *
 * @param loss mean cross-entropy {@code -log p(true class)} (probabilities floored at 1e-12)
 * @param accuracy fraction of examples whose most probable class is the true one
 * @param confusion counts of (true class, predicted class)
 */
public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion) {
  @Override
  public String toString() {
    return String.format("loss %.4f, accuracy %.2f %% (%d/%d)", loss, 100 * accuracy,
        confusion.correct(), confusion.total());
  }
}
