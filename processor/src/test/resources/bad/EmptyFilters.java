package io.annet.bad;

import io.annet.dsl.*;

/** An mlpconv without convolutions. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface EmptyFilters {
  @MlpConv(filters = {}, kernel = 3)
  Layer block1();

  @GlobalAvgPool
  Layer gap();
}
