package io.annet.examples.transfer;

import io.annet.dsl.Input;
import io.annet.dsl.Model;

/** {@link DigitsBody} with a head that starts with its GAP, and three classes. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 3,
    backbone = DigitsBody.class, head = AnyHead.class)
public interface GapDigits {}
