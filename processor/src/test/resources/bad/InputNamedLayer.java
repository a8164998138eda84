package io.annet.bad;

import io.annet.dsl.*;

/** A layer named input: a parameter named input means the model input, never this layer. */
@Model(input = @Input(channels = 4, height = 8, width = 8), classes = 4)
interface InputNamedLayer {
  @Conv(filters = 4, kernel = 3, padding = 1)
  Layer input();

  @Conv(filters = 4, kernel = 1)
  Layer conv();

  @Add
  Layer sum(Layer conv, Layer input);

  @GlobalAvgPool
  Layer gap();
}
