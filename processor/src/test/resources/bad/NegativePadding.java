package io.annet.bad;

import io.annet.dsl.*;

/** Negative padding. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NegativePadding {
  @Conv(filters = 10, kernel = 3, padding = -1)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
