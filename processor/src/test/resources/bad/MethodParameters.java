package io.annet.bad;

import io.annet.dsl.*;

/** A layer method that takes a parameter. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface MethodParameters {
  @Conv(filters = 10, kernel = 3)
  Layer conv1(int size);

  @GlobalAvgPool
  Layer gap();
}
