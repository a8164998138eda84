package io.annet.runtime.train;

import io.annet.runtime.metrics.ConfusionMatrix;

/**
 * What one training epoch achieved.
 *
 * @param epoch from 0
 * @param trainLoss mean training loss over the epoch's examples (measured during training)
 * @param testLoss mean loss on the test set after the epoch; NaN without a test set
 * @param testAccuracy accuracy on the test set after the epoch; NaN without a test set
 * @param confusion the test set's confusion matrix; null without a test set
 * @param seconds wall time of the epoch's training (without evaluation)
 * @param imagesPerSecond training throughput
 * @param learningRate the learning rate of the epoch's last step
 */
public record EpochResult(
    int epoch,
    double trainLoss,
    double testLoss,
    double testAccuracy,
    ConfusionMatrix confusion,
    double seconds,
    double imagesPerSecond,
    double learningRate) {

  @Override
  public String toString() {
    return String.format(
        "epoch %d: train loss %.4f, test loss %.4f, test accuracy %.2f %%, %.1f s, %.0f images/s,"
            + " lr %.3g",
        epoch + 1, trainLoss, testLoss, 100 * testAccuracy, seconds, imagesPerSecond,
        learningRate);
  }
}
