package io.annet.examples.transfer;

import io.annet.dsl.Input;
import io.annet.dsl.Model;

/** A model whose backbone differs from {@link DigitsBody} in one layer. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 3,
    backbone = NarrowBody.class, head = AnyHead.class)
public interface NarrowDigits {}
