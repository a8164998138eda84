package io.annet.bad;

import io.annet.dsl.*;

/** An abstract method without a layer annotation. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface MissingLayerAnnotation {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  Layer forgotten();

  @GlobalAvgPool
  Layer gap();
}
