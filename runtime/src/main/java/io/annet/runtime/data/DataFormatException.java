package io.annet.runtime.data;

import io.annet.runtime.AnnetException;
import java.nio.file.Path;

/** A data file that is not what its reader expects: wrong magic, truncated, inconsistent. */
public class DataFormatException extends AnnetException {

  /** A problem with {@code file}; the message starts with the file's path. */
  public DataFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }

  /** A problem with {@code file} caused by an I/O error. */
  public DataFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
