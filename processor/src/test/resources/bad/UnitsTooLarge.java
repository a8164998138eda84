package io.annet.bad;

import io.annet.dsl.*;

/** A dense weight of 2^30 values. */
@Model(input = @Input(channels = 1, height = 1, width = 1), classes = 1073741824)
interface UnitsTooLarge {
  @Flatten
  Layer flat();

  @Dense(units = 1073741824)
  Layer dense();
}
