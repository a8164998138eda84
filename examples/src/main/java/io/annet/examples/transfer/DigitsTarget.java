package io.annet.examples.transfer;

import io.annet.dsl.Input;
import io.annet.dsl.Model;

/**
 * Digits 5-9 (five new classes): the same {@link DigitsBody}, whose weights come from a trained
 * {@link DigitsSource}, with a new {@link TargetGapHead}; 56,069 parameters, 18,816 of them in
 * the backbone.
 */
@Model(
    input = @Input(channels = 1, height = 28, width = 28),
    classes = 5,
    backbone = DigitsBody.class,
    head = TargetGapHead.class)
public interface DigitsTarget {}
