package io.annet.bad;

import io.annet.dsl.*;

/** A backbone without a head. */
@Model(
    input = @Input(channels = 3, height = 8, width = 8),
    classes = 4,
    backbone = OnlyBody.class)
interface BackboneHead {}

@Block
interface OnlyBody {
  @Conv(filters = 4, kernel = 1)
  Layer conv();
}
