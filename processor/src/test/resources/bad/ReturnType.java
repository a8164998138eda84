package io.annet.bad;

import io.annet.dsl.*;

/** A layer method that does not return Layer. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface ReturnType {
  @Conv(filters = 10, kernel = 3)
  Object conv1();

  @GlobalAvgPool
  Layer gap();
}
