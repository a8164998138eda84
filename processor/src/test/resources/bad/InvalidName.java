package io.annet.bad;

import io.annet.dsl.*;

/** A generated class name that is not a Java identifier. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10, name = "my-net")
interface InvalidName {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
