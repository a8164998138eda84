package io.annet.bad;

import io.annet.dsl.*;

/** @Model on a class. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
abstract class ModelOnClass {
  @GlobalAvgPool
  abstract Layer gap();
}
