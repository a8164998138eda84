package io.annet.bad;

import io.annet.dsl.*;

/** A 7x7 depthwise kernel on a 5x5 map. */
@Model(input = @Input(channels = 4, height = 5, width = 5), classes = 10)
interface DepthwiseKernelTooLarge {
  @Conv(filters = 4, kernel = 1)
  Layer conv1();

  @DepthwiseConv(kernel = 7)
  Layer dw();

  @Conv(filters = 10, kernel = 1)
  Layer head();

  @GlobalAvgPool
  Layer gap();
}
