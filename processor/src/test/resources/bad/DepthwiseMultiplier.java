package io.annet.bad;

import io.annet.dsl.*;

/** A depthwise convolution with no filter per channel. */
@Model(input = @Input(channels = 4, height = 16, width = 16), classes = 10)
interface DepthwiseMultiplier {
  @Conv(filters = 4, kernel = 1)
  Layer conv1();

  @DepthwiseConv(multiplier = 0, kernel = 3)
  Layer dw();

  @Conv(filters = 10, kernel = 1)
  Layer head();

  @GlobalAvgPool
  Layer gap();
}
