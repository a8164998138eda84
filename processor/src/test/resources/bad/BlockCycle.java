package io.annet.bad;

import io.annet.dsl.*;

/** Two blocks that use each other. */
@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)
interface BlockCycle {
  @Use(CycleA.class)
  Layer a();
}

@Block
interface CycleA {
  @Use(CycleB.class)
  Layer inner();
}

@Block
interface CycleB {
  @Conv(filters = 4, kernel = 1)
  Layer conv();

  @Use(value = CycleA.class)
  Layer again();
}
