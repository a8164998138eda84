package io.annet.runtime;

/**
 * Thrown when labels do not fit the model: wrong width or count, a class index out of range, or
 * rows that are not probability distributions.
 */
public class LabelException extends AnnetException {
  public LabelException(String message) {
    super(message);
  }
}
