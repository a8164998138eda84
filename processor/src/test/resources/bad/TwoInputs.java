package io.annet.bad;

import io.annet.dsl.*;

/** A convolution naming two inputs: only @Concat and @Add merge. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface TwoInputs {
  @Conv(filters = 4, kernel = 1)
  Layer a();

  @Conv(filters = 4, kernel = 1)
  Layer b(Layer a, Layer input);

  @GlobalAvgPool
  Layer gap();
}
