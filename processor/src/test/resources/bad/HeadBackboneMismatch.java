package io.annet.bad;

import io.annet.dsl.*;

/** A 12-channel head on an 8-channel backbone (as a 1792 head on a 1536 Inception-v4 body). */
@Model(
    input = @Input(channels = 3, height = 8, width = 8),
    classes = 4,
    backbone = NarrowBody.class,
    head = WideHead.class)
interface HeadBackboneMismatch {}

@Block
interface NarrowBody {
  @Conv(filters = 8, kernel = 3, stride = 2, padding = 1)
  Layer conv();
}

@Block(input = @Input(channels = 12, height = 4, width = 4))
interface WideHead {
  @GlobalAvgPool
  Layer gap();

  @Dense(units = 4, activation = Activation.IDENTITY)
  Layer logits();
}
