package io.annet.bad;

import io.annet.dsl.*;

/** A static method with a layer annotation. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface StaticLayerMethod {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  static Layer gap() {
    return null;
  }
}
