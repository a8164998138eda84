package io.annet.bad;

import io.annet.dsl.*;

/** Dropping everything. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface DropoutRate {
  @Conv(filters = 10, kernel = 3, padding = 1)
  Layer conv1();

  @Dropout(rate = 1.0)
  Layer drop();

  @GlobalAvgPool
  Layer gap();
}
