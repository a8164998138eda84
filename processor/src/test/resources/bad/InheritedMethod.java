package io.annet.bad;

import io.annet.dsl.*;

/** A model that inherits an abstract method. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface InheritedMethod extends InheritedBase {
  @Conv(filters = 10, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();
}

/** A super-interface with an abstract method. */
interface InheritedBase {
  Layer extra();
}
