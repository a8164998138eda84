package io.annet.bad;

import io.annet.dsl.*;

/** A model without layers. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface NoLayers {}
