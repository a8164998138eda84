package io.annet.bad;

import io.annet.dsl.*;

/** Four channels times 2^30 filters each: more output channels than an int counts. */
@Model(input = @Input(channels = 4, height = 8, width = 8), classes = 10)
interface DepthwiseTooManyChannels {
  @Conv(filters = 4, kernel = 1)
  Layer conv1();

  @DepthwiseConv(multiplier = 1073741824, kernel = 1)
  Layer dw();

  @Conv(filters = 10, kernel = 1)
  Layer head();

  @GlobalAvgPool
  Layer gap();
}
