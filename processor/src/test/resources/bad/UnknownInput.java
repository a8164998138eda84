package io.annet.bad;

import io.annet.dsl.*;

/** A layer naming a misspelt input. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface UnknownInput {
  @Conv(filters = 4, kernel = 3, padding = 1)
  Layer branch1();

  @Conv(filters = 4, kernel = 1)
  Layer b2(Layer branch);

  @GlobalAvgPool
  Layer gap();
}
