package io.annet.bad;

import io.annet.dsl.*;

/** A kernel so large that its weight outgrows any tensor, though it has only four filters. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface KernelTensorTooLarge {
  @Conv(filters = 4, kernel = 20000, same = true)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
