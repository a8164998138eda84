package io.annet.bad;

import io.annet.dsl.*;

/** Zero filters. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NonPositiveFilters {
  @Conv(filters = 0, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
