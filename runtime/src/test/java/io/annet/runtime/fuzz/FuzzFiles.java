package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import io.annet.runtime.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a reader on a fuzzed file: the reader must return within a few seconds and either succeed
 * or throw its own exception type (with a message); anything else (another exception, an {@code
 * OutOfMemoryError}, a hang) escapes as an error, which is a finding for Jazzer and a failure in
 * the regression run.
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

  /** Asserts that a loaded dataset is consistent: shapes agree, pixels and labels in range. */
  static void assertConsistent(Dataset d, int channels, int classes) {
    INDArray x = d.features();
    assertEquals(d.size(), x.size(0), "one feature row per label");
    assertEquals(channels, x.size(1));
    assertEquals(d.size(), d.labels().length);
    assertTrue(x.minNumber().doubleValue() >= 0 && x.maxNumber().doubleValue() <= 1,
        "pixels in [0, 1]");
    for (int label : d.labels()) {
      assertTrue(label >= 0 && label < classes, "label " + label);
    }
  }
}
