package io.annet.bad;

import io.annet.dsl.*;

/** A LeNet-style model whose dense layers hold nearly all parameters. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface FcHeavy {
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Flatten
  Layer flatten();

  @Dense(units = 512)
  Layer fc1();

  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer fc2();
}
