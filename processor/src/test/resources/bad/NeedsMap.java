package io.annet.bad;

import io.annet.dsl.*;

/** A convolution after the maps were pooled away. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NeedsMap {
  @GlobalAvgPool
  Layer gap();

  @Conv(filters = 10, kernel = 1)
  Layer conv1();
}
