package io.annet.bad;

import io.annet.dsl.*;

/** A layer after the softmax head. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface LayersAfterSoftmax {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();

  @Softmax
  Layer probs();

  @Dropout(rate = 0.5)
  Layer late();
}
