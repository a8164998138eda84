package io.annet.bad;

import io.annet.dsl.*;

/** Negative padding on a depthwise convolution. */
@Model(input = @Input(channels = 4, height = 16, width = 16), classes = 10)
interface DepthwiseNegativePadding {
  @Conv(filters = 4, kernel = 1)
  Layer conv1();

  @DepthwiseConv(kernel = 3, padding = -1)
  Layer dw();

  @Conv(filters = 10, kernel = 1)
  Layer head();

  @GlobalAvgPool
  Layer gap();
}
