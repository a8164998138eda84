package io.annet.bad;

import io.annet.dsl.*;

/** A 7x7 kernel on a 5x5 input without padding. */
@Model(input = @Input(channels = 1, height = 5, width = 5), classes = 10)
interface ConvKernelTooLarge {
  @Conv(filters = 10, kernel = 7)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
