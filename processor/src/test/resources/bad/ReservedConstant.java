package io.annet.bad;

import io.annet.dsl.*;

/** A layer named like a constant of the generated class. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface ReservedConstant {
  @Conv(filters = 4, kernel = 3)
  Layer SPEC();

  @GlobalAvgPool
  Layer gap();
}
