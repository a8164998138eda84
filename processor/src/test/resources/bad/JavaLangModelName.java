package io.annet.bad;

import io.annet.dsl.*;

/** A model whose generated class would hide java.lang.String from its package. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4, name = "String")
interface JavaLangModelName {
  @Conv(filters = 4, kernel = 3)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
