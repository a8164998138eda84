package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs a reader on a fuzzed file: the reader must return within a few seconds and either succeed
 * or throw its own exception type (with a message); anything else (another exception, an {@code
 * OutOfMemoryError}, a hang) fails the test.
 */
final class FuzzFiles {
  /** Longest a reader may take on one small file. */
  static final Duration LIMIT = Duration.ofSeconds(10);

  private FuzzFiles() {}

  /** Writes {@code bytes} to a new temporary file named like {@code name}. */
  static Path write(String name, byte[] bytes) {
    try {
      Path dir = Files.createTempDirectory("annet-fuzz");
      Path file = dir.resolve(name);
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a file written by {@link #write} and its directory. */
  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Calls {@code read}; returns its result, or null when it threw {@code own} (whose message
   * must name the problem).
   */
  static <T> T readOrReject(Callable<T> read, Class<? extends AnnetException> own) {
    return assertTimeoutPreemptively(LIMIT, () -> {
      try {
        return read.call();
      } catch (AnnetException e) {
        if (!own.isInstance(e)) {
          throw e;
        }
        assertTrue(e.getMessage() != null && e.getMessage().length() > 10, e::toString);
        return null;
      }
    });
  }
}
