package io.annet.bad;

import io.annet.dsl.*;

/** Softmax fed a map. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface SoftmaxFedMap {
  @Conv(filters = 10, kernel = 3, padding = 1)
  Layer conv1();

  @Softmax
  Layer probs();
}
