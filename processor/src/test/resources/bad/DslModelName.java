package io.annet.bad;

import io.annet.dsl.*;

/** A model whose generated class would hide io.annet.dsl.Layer from its package. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4, name = "Layer")
interface DslModelName {
  @Conv(filters = 4, kernel = 3)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
