package io.annet.bad;

import io.annet.dsl.*;

/** A dense head of the wrong width. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 10)
interface HeadMismatchDense {
  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();

  @Dense(units = 12, activation = Activation.IDENTITY)
  Layer logits();

  @Softmax
  Layer probs();
}
