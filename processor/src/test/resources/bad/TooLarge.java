package io.annet.bad;

import io.annet.dsl.*;

/** A convolution with 2^30 filters: its weights would not fit in one array. */
@Model(input = @Input(channels = 3, height = 8, width = 8), classes = 10)
interface TooLarge {
  @Conv(filters = 1073741824, kernel = 3, padding = 1)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
