package io.annet.runtime;

/**
 * An input holds NaN or infinite values: rejected before any layer runs, since they would make
 * every output, the loss and every gradient NaN and poison the batch-norm running statistics.
 */
public class NonFiniteInputException extends AnnetException {
  private final long example;
  private final long count;

  public NonFiniteInputException(String message) {
    this(message, -1, 0);
  }

  /** The first bad example is {@code example} of the batch, holding {@code count} such values. */
  public NonFiniteInputException(String message, long example, long count) {
    super(message);
    this.example = example;
    this.count = count;
  }

  /**
   * The first example holding one: its position in the batch, or its index in the data set when
   * the message names a data set; -1 when not known.
   */
  public long example() {
    return example;
  }

  /** How many NaN or infinite values that example holds (0 when not known). */
  public long count() {
    return count;
  }
}
