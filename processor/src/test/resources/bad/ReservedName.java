package io.annet.bad;

import io.annet.dsl.*;

/** A layer named like a method of the generated class. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface ReservedName {
  @Conv(filters = 10, kernel = 3)
  Layer summary();

  @GlobalAvgPool
  Layer gap();
}
