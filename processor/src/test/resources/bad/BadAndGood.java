package io.annet.bad;

import io.annet.dsl.*;

/** A bad model next to a good one: the good one is still generated. */
class BadAndGood {
  @Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
  interface Bad {
    @Conv(filters = 10, kernel = 30)
    Layer conv1();

    @GlobalAvgPool
    Layer badGap();
  }

  @Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
  interface Good {
    @Conv(filters = 10, kernel = 3, padding = 1)
    Layer conv1();

    @GlobalAvgPool
    Layer goodGap();
  }
}
