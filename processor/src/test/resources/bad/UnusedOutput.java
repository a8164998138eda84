package io.annet.bad;

import io.annet.dsl.*;

/** A branch nobody consumes (a warning; the network is still generated). */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface UnusedOutput {
  @Conv(filters = 7, kernel = 1)
  Layer side(Layer input);

  @Conv(filters = 4, kernel = 1)
  Layer main(Layer input);

  @GlobalAvgPool
  Layer gap();
}
