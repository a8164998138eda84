package io.annet.bad;

import io.annet.dsl.*;

/** A block declaring two inputs. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface BlockInputs {
  @Use(DoubleInput.class)
  Layer used();
}

@Block(input = {@Input(channels = 1, height = 8, width = 8), @Input(channels = 2, height = 8, width = 8)})
interface DoubleInput {
  @Conv(filters = 4, kernel = 1)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
