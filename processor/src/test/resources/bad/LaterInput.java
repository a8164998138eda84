package io.annet.bad;

import io.annet.dsl.*;

/** A layer naming a layer declared after it: declaration order is the graph's order. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface LaterInput {
  @Conv(filters = 4, kernel = 1)
  Layer early(Layer late);

  @Conv(filters = 4, kernel = 1)
  Layer late();

  @GlobalAvgPool
  Layer gap();
}
