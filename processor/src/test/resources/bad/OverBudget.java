package io.annet.bad;

import io.annet.dsl.*;

/** A model over all three of its limits. */
@Budget(
    maxParameters = 1000,
    maxMacs = 50000,
    maxActivationBytes = 4096)
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface OverBudget {
  @Conv(filters = 10, kernel = 3, padding = 1)
  Layer conv1();

  @Conv(filters = 10, kernel = 3, padding = 1)
  Layer conv2();

  @GlobalAvgPool
  Layer gap();
}
