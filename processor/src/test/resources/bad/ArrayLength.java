package io.annet.bad;

import io.annet.dsl.*;

/** A three-dimensional kernel on a 2-D convolution. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface ArrayLength {
  @Conv(filters = 10, kernel = {3, 3, 3})
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
