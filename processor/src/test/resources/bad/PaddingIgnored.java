package io.annet.bad;

import io.annet.dsl.*;

/** SAME padding with an explicit padding that is ignored. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface PaddingIgnored {
  @Conv(filters = 10, kernel = 3, same = true, padding = 1)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
