package io.annet.bad;

import io.annet.dsl.*;

/** A layer naming itself as its input. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface SelfInput {
  @Conv(filters = 4, kernel = 3)
  Layer a();

  @Conv(filters = 4, kernel = 1)
  Layer b(Layer b);

  @GlobalAvgPool
  Layer gap();
}
