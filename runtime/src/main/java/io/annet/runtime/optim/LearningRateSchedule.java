package io.annet.runtime.optim;

/**
 * The learning rate as a function of the epoch (from 0) and the global step (optimizer
 * iteration, from 0); the trainer asks it before every step.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate for the step {@code step} taken during epoch {@code epoch}. */
  double learningRate(int epoch, long step);

  /** Always {@code rate}. */
  static LearningRateSchedule constant(double rate) {
    return new StepSchedule(rate, 1, 1, false);
  }

  /** {@code rate * gamma^(epoch / everyEpochs)}: multiply by gamma every k epochs. */
  static LearningRateSchedule stepEveryEpochs(double rate, double gamma, int everyEpochs) {
    return new StepSchedule(rate, gamma, everyEpochs, false);
  }

  /** {@code rate * gamma^(step / everySteps)}: multiply by gamma every k steps. */
  static LearningRateSchedule stepEverySteps(double rate, double gamma, int everySteps) {
    return new StepSchedule(rate, gamma, everySteps, true);
  }

  /** Cosine annealing from {@code rate} to {@code minRate} over {@code totalSteps}. */
  static LearningRateSchedule cosine(double rate, double minRate, long totalSteps) {
    return new CosineSchedule(rate, minRate, totalSteps, 0);
  }

  /** Linear warm-up over {@code warmupSteps}, then cosine annealing to {@code minRate}. */
  static LearningRateSchedule cosine(
      double rate, double minRate, long totalSteps, long warmupSteps) {
    return new CosineSchedule(rate, minRate, totalSteps, warmupSteps);
  }
}
