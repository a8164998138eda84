package io.annet.bad;

import io.annet.dsl.*;

/** Two layers on one method. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface TwoLayerAnnotations {
  @Conv(filters = 10, kernel = 3)
  @MaxPool(kernel = 2)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
