package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.annet.runtime.data.Cifar10Reader;
import io.annet.runtime.data.DataFormatException;
import io.annet.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the CIFAR-10 binary reader with Jazzer: every input either loads into a consistent
 * dataset (3x32x32 images, pixels in [0, 1], labels 0 to 9) or fails with a {@link
 * DataFormatException}; never another exception, an out-of-memory error or a hang. Plain builds
 * replay {@code CifarFuzzTestInputs/records/}; {@code -Pjazzer} runs it coverage-guided.
 */
class CifarFuzzTest {

  @Test
  void seedLoads() {
    Path file = FuzzFiles.write(Corpus.CIFAR, Corpus.seed(Corpus.CIFAR_DIR, Corpus.CIFAR));
    try {
      Dataset d = Cifar10Reader.read(file);
      assertArrayEquals(new long[] {2, 3, 32, 32}, d.features().shape());
      assertArrayEquals(new int[] {3, 9}, d.labels());
      assertEquals((31 + 1) / 255.0, d.features().getDouble(1, 0, 0, 0), 1e-6);
    } finally {
      FuzzFiles.delete(file);
    }
  }

  /** {@code data} as a CIFAR-10 batch file. */
  @FuzzTest(maxDuration = "10m")
  void records(byte[] data) {
    Path file = FuzzFiles.write("data_batch_1.bin", data);
    try {
      Dataset d = FuzzFiles.readOrReject(() -> Cifar10Reader.read(file),
          DataFormatException.class);
      if (d != null) {
        FuzzFiles.assertConsistent(d, 3, 10);
        assertArrayEquals(new long[] {3, 32, 32},
            Arrays.copyOfRange(d.features().shape(), 1, 4));
      }
    } finally {
      FuzzFiles.delete(file);
    }
  }
}
