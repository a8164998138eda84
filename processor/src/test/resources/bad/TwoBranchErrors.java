package io.annet.bad;

import io.annet.dsl.*;

/** Two branches of one module fail independently; a third depends on a failed one. */
@Model(input = @Input(channels = 4, height = 8, width = 8), classes = 8)
interface TwoBranchErrors {
  @Conv(filters = 4, kernel = 1)
  Layer stem(Layer input);

  @Conv(filters = 2, kernel = 11)
  Layer left(Layer stem);

  @MaxPool(kernel = 2)
  Layer right(Layer stem);

  @Add
  Layer rightSum(Layer right, Layer stem);

  @Conv(filters = 2, kernel = 3)
  Layer afterLeft(Layer left);

  @Concat
  Layer out(Layer afterLeft, Layer rightSum);

  @GlobalAvgPool
  Layer gap();
}
