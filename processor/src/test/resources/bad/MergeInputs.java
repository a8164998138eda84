package io.annet.bad;

import io.annet.dsl.*;

/** A concatenation of a single input. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface MergeInputs {
  @Conv(filters = 4, kernel = 1)
  Layer conv();

  @Concat
  Layer out(Layer conv);

  @GlobalAvgPool
  Layer gap();
}
