package io.annet.bad;

import io.annet.dsl.*;

/** A weight of 2^31 - 1 values: countable, but never allocatable. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 2147483647)
interface FiltersTooLarge {
  @Conv(filters = 2147483647, kernel = 8)
  Layer conv();

  @Flatten
  Layer flat();
}
