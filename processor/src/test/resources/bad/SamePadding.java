package io.annet.bad;

import io.annet.dsl.*;

/** SAME padding the runtime backend cannot express: odd total on H, kernel 1 under stride 4 on W. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface SamePadding {
  @Conv(filters = 4, kernel = {2, 1}, stride = {1, 4},
      same = true)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
