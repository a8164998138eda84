package io.annet.runtime.optim;

/**
 * Cosine annealing with optional linear warm-up: during the first {@code warmupSteps} steps the
 * rate climbs linearly to {@code rate} ({@code rate * (step + 1) / warmupSteps}); afterwards
 * {@code minRate + (rate - minRate) * (1 + cos(pi * s)) / 2} with {@code s = (step - warmup) /
 * (totalSteps - warmup)} clamped to [0, 1], so it stays at {@code minRate} past the end.
 *
 * @param rate the peak learning rate
 * @param minRate the final learning rate, in [0, rate]
 * @param totalSteps total number of steps including the warm-up, > warmupSteps
 * @param warmupSteps warm-up steps, >= 0
 */
public record CosineSchedule(double rate, double minRate, long totalSteps, long warmupSteps)
    implements LearningRateSchedule {

  public CosineSchedule {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, found " + rate);
    }
    if (!(minRate >= 0 && minRate <= rate)) {
      throw new IllegalArgumentException(
          "cosine minimum rate must be in [0, " + rate + "], found " + minRate);
    }
    if (warmupSteps < 0 || totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "cosine schedule needs 0 <= warmupSteps < totalSteps, found warmupSteps="
              + warmupSteps + ", totalSteps=" + totalSteps);
    }
  }

  @Override
  public double learningRate(int epoch, long step) {
    if (step < warmupSteps) {
      return rate * (step + 1) / warmupSteps;
    }
    double s = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
    return minRate + (rate - minRate) * (1 + Math.cos(Math.PI * s)) / 2;
  }
}
