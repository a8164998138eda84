package io.annet.bad;

import io.annet.dsl.*;

/** A model declared inside a method: javac offers processors no element for it. */
class LocalModel {
  void build() {
    @Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
    interface Local {
      @Conv(filters = 4, kernel = 3)
      Layer conv();

      @GlobalAvgPool
      Layer gap();
    }
  }
}
