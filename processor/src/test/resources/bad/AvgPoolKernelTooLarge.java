package io.annet.bad;

import io.annet.dsl.*;

/** An average pool bigger than its input. */
@Model(input = @Input(channels = 10, height = 4, width = 4), classes = 10)
interface AvgPoolKernelTooLarge {
  @AvgPool(kernel = 5)
  Layer pool1();

  @GlobalAvgPool
  Layer gap();
}
