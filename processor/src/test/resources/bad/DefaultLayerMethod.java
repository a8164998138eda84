package io.annet.bad;

import io.annet.dsl.*;

/** A default method with a layer annotation. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface DefaultLayerMethod {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  default Layer gap() {
    return null;
  }
}
