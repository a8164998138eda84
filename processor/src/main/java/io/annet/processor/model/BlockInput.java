package io.annet.processor.model;

/**
 * The input a used block declares ({@code @Block(input = @Input(...))}), to be checked against
 * what feeds it.
 *
 * @param use the dotted name of the use, e.g. {@code head} or {@code mixed5b}
 * @param block the block's simple name
 * @param expected the declared input shape
 * @param producer the index of the node feeding the block, -1 for the model input
 * @param head whether the block is the model's {@code head} (checked against its backbone)
 * @param useIndex which use site it is, for anchoring (see the parser's use sources)
 */
public record BlockInput(
    String use, String block, Shape expected, int producer, boolean head, int useIndex) {}
