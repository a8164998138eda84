package io.annet.runtime;

/**
 * A value computed from finite inputs and weights came out NaN or infinite (the loss, a batch
 * statistic, a gradient, an updated weight, a prediction), typically because the inputs or the
 * learning rate are too large for the floating-point type; the message names the value. It is
 * thrown before the value reaches the weights or the running statistics, except where a message
 * says otherwise (an update that overflowed).
 */
public class NonFiniteValueException extends AnnetException {
  public NonFiniteValueException(String message) {
    super(message);
  }
}
