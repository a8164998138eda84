package io.annet.runtime;

/**
 * An input holds NaN or infinite values: rejected before any layer runs, since they would make
 * every output, the loss and every gradient NaN and poison the batch-norm running statistics.
 */
public class NonFiniteInputException extends AnnetException {
  public NonFiniteInputException(String message) {
    super(message);
  }
}
