package io.annet.runtime;

/** Thrown when an array's data type cannot be used where a floating-point array is expected. */
public class DataTypeMismatchException extends AnnetException {
  public DataTypeMismatchException(String message) {
    super(message);
  }
}
