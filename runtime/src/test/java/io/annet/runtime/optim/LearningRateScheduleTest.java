package io.annet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constantNeverChanges() {
    LearningRateSchedule s = LearningRateSchedule.constant(0.01);
    assertEquals(0.01, s.learningRate(0, 0));
    assertEquals(0.01, s.learningRate(99, 123456));
  }

  @Test
  void stepEveryEpochsMultipliesByGamma() {
    LearningRateSchedule s = LearningRateSchedule.stepEveryEpochs(0.1, 0.5, 2);
    assertEquals(0.1, s.learningRate(0, 1000), 1e-12);
    assertEquals(0.1, s.learningRate(1, 5000), 1e-12);
    assertEquals(0.05, s.learningRate(2, 0), 1e-12);
    assertEquals(0.025, s.learningRate(5, 0), 1e-12);
  }

  @Test
  void stepEveryStepsCountsSteps() {
    LearningRateSchedule s = LearningRateSchedule.stepEverySteps(1.0, 0.1, 100);
    assertEquals(1.0, s.learningRate(7, 99), 1e-12);
    assertEquals(0.1, s.learningRate(0, 100), 1e-12);
    assertEquals(0.01, s.learningRate(0, 250), 1e-12);
  }

  @Test
  void cosineGoesFromRateToMinimum() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 0.0, 100);
    assertEquals(0.1, s.learningRate(0, 0), 1e-12);
    assertEquals(0.05, s.learningRate(0, 50), 1e-12);
    assertEquals(0.1 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.learningRate(0, 25), 1e-12);
    assertEquals(0.0, s.learningRate(0, 100), 1e-12);
    assertEquals(0.0, s.learningRate(0, 1000), 1e-12);
  }

  @Test
  void cosineWithWarmupClimbsLinearlyFirst() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.2, 0.02, 110, 10);
    assertEquals(0.02, s.learningRate(0, 0), 1e-12);
    assertEquals(0.1, s.learningRate(0, 4), 1e-12);
    assertEquals(0.2, s.learningRate(0, 10), 1e-12);
    assertEquals(0.11, s.learningRate(0, 60), 1e-12);
    assertEquals(0.02, s.learningRate(0, 110), 1e-12);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.stepEveryEpochs(0.1, 1.5, 2));
    assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.stepEveryEpochs(0.1, 0.5, 0));
    assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.cosine(0.1, 0.0, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 10));
  }
}
