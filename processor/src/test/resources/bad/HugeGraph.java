package io.annet.bad;

import io.annet.dsl.Conv;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Repeat;

/** A graph whose generated constructor would exceed the JVM's method limit even split. */
@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 1)
interface HugeGraph {
  @Repeat(4000)
  @Conv(filters = 1, kernel = 1)
  Layer conv();

  @GlobalAvgPool
  Layer gap();
}
