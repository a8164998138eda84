package io.annet.bad;

import io.annet.dsl.*;

/** NIN-style head whose last block ends with 96 filters instead of 10. */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
interface HeadMismatchGap {
  @MlpConv(filters = {192, 160, 96}, kernel = 5, padding = 2)
  Layer block1();

  @GlobalAvgPool
  Layer gap();

  @Softmax
  Layer probs();
}
