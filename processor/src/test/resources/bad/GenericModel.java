package io.annet.bad;

import io.annet.dsl.*;

/** A generic model. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface GenericModel<T> {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
