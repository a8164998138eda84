package io.annet.examples.transfer;

import io.annet.dsl.Input;
import io.annet.dsl.Model;

/** Digits 0-4 (five classes): {@link DigitsBody} with {@link SourceHead}; 57,989 parameters. */
@Model(
    input = @Input(channels = 1, height = 28, width = 28),
    classes = 5,
    backbone = DigitsBody.class,
    head = SourceHead.class)
public interface DigitsSource {}
