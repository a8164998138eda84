package io.annet.bad;

import io.annet.dsl.*;

/** A kernel of Integer.MAX_VALUE with SAME padding: its parameter count overflows a long. */
@Model(input = @Input(channels = 3, height = 8, width = 8), classes = 10)
interface TooLarge {
  @Conv(filters = 1073741824, kernel = 2147483647, same = true)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
