package io.annet.bad;

import io.annet.dsl.*;

/** A zero kernel. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NonPositiveKernel {
  @Conv(filters = 10, kernel = 0)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
