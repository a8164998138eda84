package io.annet.bad;

import io.annet.dsl.*;

/** No classes to score. */
@Model(
    input = @Input(channels = 1, height = 28, width = 28),
    classes = 0)
interface ClassesNonPositive {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
