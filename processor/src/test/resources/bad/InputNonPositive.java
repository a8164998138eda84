package io.annet.bad;

import io.annet.dsl.*;

/** An input without channels. */
@Model(
    input = @Input(channels = 0, height = 28, width = 28),
    classes = 10)
interface InputNonPositive {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}
