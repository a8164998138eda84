package io.annet.bad;

import io.annet.dsl.*;

/** A negative limit, which no model could meet. */
@Budget(maxParameters = -1, maxMacs = 100000)
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface NegativeBudget {
  @Conv(filters = 4, kernel = 3)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
