package io.annet.bad;

import io.annet.dsl.*;

/** Two bad models in one file: both are reported. */
class TwoBadModels {
  @Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
  interface First {
    @Conv(filters = 16, kernel = 3, padding = 1)
    Layer conv1();

    @GlobalAvgPool
    Layer firstGap();

    @Dense(units = 7)
    Layer logits();
  }

  @Model(input = @Input(channels = 1, height = 4, width = 4), classes = 10)
  interface Second {
    @MaxPool(kernel = 9)
    Layer secondPool();

    @GlobalAvgPool
    Layer gap();
  }
}
