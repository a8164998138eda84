package io.annet.bad;

import io.annet.dsl.*;

/** A residual sum of [8, 4, 4] and [4, 8, 8]: the shortcut is not projected. */
@Model(input = @Input(channels = 4, height = 8, width = 8), classes = 8)
interface AddMismatch {
  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1)
  Layer conv();

  @Add(activation = Activation.RELU)
  Layer sum(Layer conv, Layer input);

  @GlobalAvgPool
  Layer gap();
}
