package io.annet.bad;

import io.annet.dsl.*;

/** A max pool padded by its whole kernel: the corner windows see nothing but padding. */
@Model(input = @Input(channels = 10, height = 8, width = 8), classes = 10)
interface PoolPadding {
  @MaxPool(kernel = 2, padding = 2)
  Layer pool();

  @GlobalAvgPool
  Layer gap();
}
