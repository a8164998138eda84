package io.annet.bad;

import io.annet.dsl.*;

/** A dense layer fed a 28x28 map without @Flatten or @GlobalAvgPool. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface DenseFedMap {
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv1();

  @Dense(units = 10)
  Layer logits();
}
