package io.annet.bad;

import io.annet.dsl.*;

/** @Model on an enum. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
enum ModelOnEnum {
  ONLY
}
