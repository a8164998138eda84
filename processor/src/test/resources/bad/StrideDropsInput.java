package io.annet.bad;

import io.annet.dsl.*;

/** A 3x3 stride-2 convolution on 28x28 without padding never reads the last row and column. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface StrideDropsInput {
  @Conv(filters = 10, kernel = 3, stride = 2)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
