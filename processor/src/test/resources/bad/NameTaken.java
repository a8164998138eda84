package io.annet.bad;

import io.annet.dsl.*;

/** The generated name is already used by a class of the same package. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10, name = "Taken")
interface NameTaken {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}

class Taken {}
