package io.annet.runtime.optim;

/**
 * Step decay: {@code rate * gamma^floor(t / every)}, t being the epoch or the step; a constant
 * schedule is the case gamma = 1.
 *
 * @param rate the initial learning rate
 * @param gamma the factor applied at each boundary, in (0, 1]
 * @param every the distance between boundaries, >= 1
 * @param perStep whether t counts steps (true) or epochs (false)
 */
public record StepSchedule(double rate, double gamma, int every, boolean perStep)
    implements LearningRateSchedule {

  public StepSchedule {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, found " + rate);
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("step decay gamma must be in (0, 1], found " + gamma);
    }
    if (every < 1) {
      throw new IllegalArgumentException("step decay interval must be >= 1, found " + every);
    }
  }

  @Override
  public double learningRate(int epoch, long step) {
    long t = perStep ? step : epoch;
    return gamma == 1 ? rate : rate * Math.pow(gamma, Math.floorDiv(t, (long) every));
  }
}
