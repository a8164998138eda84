package io.annet.bad;

import io.annet.dsl.*;

/** Negative units. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NonPositiveUnits {
  @GlobalAvgPool
  Layer gap();

  @Dense(units = -5)
  Layer logits();
}
