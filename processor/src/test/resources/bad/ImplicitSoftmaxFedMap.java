package io.annet.bad;

import io.annet.dsl.*;

/** A model ending in a map: the implicit softmax cannot take it. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface ImplicitSoftmaxFedMap {
  @Conv(filters = 10, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();
}
