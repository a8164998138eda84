package io.annet.bad;

import io.annet.dsl.*;

/** The same FC-heavy model, with the warning suppressed on purpose. */
@SuppressWarnings("annet.fc-heavy")
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface FcHeavySuppressed {
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
