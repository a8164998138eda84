package io.annet.bad;

import io.annet.dsl.*;

/** A private nested model that no generated class can implement. */
class PrivateModel {
  @Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
  private interface Hidden {
    @Conv(filters = 10, kernel = 3)
    Layer conv1();

    @GlobalAvgPool
    Layer gap();
  }
}
