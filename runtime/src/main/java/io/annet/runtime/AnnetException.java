package io.annet.runtime;

/** The base of every exception Annet's runtime throws at its API boundary. */
public class AnnetException extends RuntimeException {
  public AnnetException(String message) {
    super(message);
  }

  public AnnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
