package io.annet.bad;

import io.annet.dsl.*;

/** Concatenation of an 8x8 and a 4x4 map. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 8)
interface ConcatMismatch {
  @Conv(filters = 4, kernel = 3, padding = 1)
  Layer a(Layer input);

  @MaxPool(kernel = 2)
  Layer b(Layer input);

  @Concat
  Layer out(Layer a, Layer b);

  @GlobalAvgPool
  Layer gap();
}
