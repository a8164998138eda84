package io.annet.bad;

import io.annet.dsl.*;

/** A block that declares [4, 8, 8] fed [2, 8, 8]. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface BlockInputMismatch {
  @Conv(filters = 2, kernel = 1)
  Layer stem();

  @Use(Fixed.class)
  Layer used();

  @GlobalAvgPool
  Layer gap();
}

@Block(input = @Input(channels = 4, height = 8, width = 8))
interface Fixed {
  @Conv(filters = 4, kernel = 1)
  Layer conv();
}
