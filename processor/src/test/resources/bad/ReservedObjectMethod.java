package io.annet.bad;

import io.annet.dsl.*;

/** A layer named like a zero-argument method of Object. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface ReservedObjectMethod {
  @Conv(filters = 4, kernel = 3)
  Layer finalize();

  @GlobalAvgPool
  Layer gap();
}
