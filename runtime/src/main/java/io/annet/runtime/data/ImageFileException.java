package io.annet.runtime.data;

import java.nio.file.Path;

/**
 * An image file that cannot be used: unreadable, not an image, truncated, too large, or in a
 * colour model the decoder does not support. The message starts with the file's path.
 */
public class ImageFileException extends DataFormatException {

  /** A problem with {@code file}. */
  public ImageFileException(Path file, String problem) {
    super(file, problem);
  }

  /** A problem with {@code file} caused by {@code cause}. */
  public ImageFileException(Path file, String problem, Throwable cause) {
    super(file, problem, cause);
  }
}
