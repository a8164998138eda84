package io.annet.bad;

import io.annet.dsl.*;

/** @Use of an interface that is not a @Block. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface NotBlock {
  @Use(Plain.class)
  Layer used();
}

interface Plain {
  @Conv(filters = 4, kernel = 1)
  Layer conv();
}
