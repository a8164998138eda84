package io.annet.bad;

import io.annet.dsl.*;

/** Too much pooling: the last max pool sees a 2x2 map. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 10)
interface MaxPoolKernelTooLarge {
  @Conv(filters = 64, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @MaxPool(kernel = 2)
  Layer pool2();

  @MaxPool(kernel = 3, stride = 2)
  Layer pool3();

  @Conv(filters = 10, kernel = 1)
  Layer conv2();

  @GlobalAvgPool
  Layer gap();
}
