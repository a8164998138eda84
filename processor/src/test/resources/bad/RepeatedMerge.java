package io.annet.bad;

import io.annet.dsl.*;

/** A repeated merge: every repetition after the first gets one input only. */
@Model(input = @Input(channels = 4, height = 8, width = 8), classes = 4)
interface RepeatedMerge {
  @Conv(filters = 4, kernel = 3, padding = 1)
  Layer a();

  @Repeat(3)
  @Add
  Layer s(Layer a, Layer input);

  @GlobalAvgPool
  Layer gap();
}
