package io.annet.examples.cli;

/** A user-facing failure (bad input, unreadable file): printed as one line, exit code 1. */
public final class CliException extends RuntimeException {
  /** Creates the exception with the message the user sees. */
  public CliException(String message) {
    super(message);
  }

  /** Creates the exception with the message the user sees and the underlying cause. */
  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
