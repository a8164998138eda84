package io.annet.bad;

import io.annet.dsl.*;

/** A model whose generated class would be named by a restricted identifier. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4, name = "var")
interface RestrictedModelName {
  @Conv(filters = 4, kernel = 3)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
