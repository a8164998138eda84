package io.annet.bad;

import io.annet.dsl.*;

/** Two layer methods sharing a name: their tensors would share names too. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface OverloadedLayers {
  @Conv(filters = 4, kernel = 3)
  Layer conv();

  @Conv(filters = 4, kernel = 3)
  Layer conv(Layer input);

  @GlobalAvgPool
  Layer gap();
}
