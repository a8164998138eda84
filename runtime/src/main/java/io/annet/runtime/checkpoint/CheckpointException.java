package io.annet.runtime.checkpoint;

import io.annet.runtime.AnnetException;
import java.nio.file.Path;

/** A checkpoint that cannot be written or read: corrupted, truncated, another architecture. */
public class CheckpointException extends AnnetException {

  /** A problem with {@code file}; the message starts with the file's path. */
  public CheckpointException(Path file, String problem) {
    super("checkpoint " + file + ": " + problem);
  }

  /** A problem with {@code file} caused by {@code cause}. */
  public CheckpointException(Path file, String problem, Throwable cause) {
    super("checkpoint " + file + ": " + problem, cause);
  }
}
