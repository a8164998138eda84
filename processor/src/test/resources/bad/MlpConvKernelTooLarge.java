package io.annet.bad;

import io.annet.dsl.*;

/** An mlpconv whose first kernel is wider than its input. */
@Model(input = @Input(channels = 3, height = 4, width = 4), classes = 10)
interface MlpConvKernelTooLarge {
  @MlpConv(filters = {32, 10}, kernel = {3, 6})
  Layer block1();

  @GlobalAvgPool
  Layer gap();
}
