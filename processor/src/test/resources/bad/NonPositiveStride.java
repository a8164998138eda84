package io.annet.bad;

import io.annet.dsl.*;

/** A zero stride. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NonPositiveStride {
  @Conv(filters = 10, kernel = 3, stride = 0)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
