package io.annet.bad;

import io.annet.dsl.*;

/** A layer named like a type the generated class refers to (DataType.FLOAT). */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface ReservedType {
  @Conv(filters = 4, kernel = 3)
  Layer DataType();

  @GlobalAvgPool
  Layer gap();
}
