package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  @TempDir Path dir;

  /** Records whose label is (first + r) % 10 and whose pixel i is (first + r + i) % 256. */
  private static byte[] records(int first, int count) {
    byte[] b = new byte[count * Cifar10Reader.RECORD_BYTES];
    for (int r = 0; r < count; r++) {
      int base = r * Cifar10Reader.RECORD_BYTES;
      b[base] = (byte) ((first + r) % 10);
      for (int i = 0; i < 3072; i++) {
        b[base + 1 + i] = (byte) ((first + r + i) % 256);
      }
    }
    return b;
  }

  @Test
  void readsRecordsChannelMajor() throws IOException {
    Path file = dir.resolve("test_batch.bin");
    Files.write(file, records(0, 5));
    Dataset d = Cifar10Reader.readTest(dir);
    assertEquals(5, d.size());
    assertArrayEquals(new int[] {3, 32, 32}, d.exampleShape());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, d.labels());
    // record 2, channel 1 (green), row 3, column 4: pixel index 1024 + 3 * 32 + 4
    int i = 1024 + 3 * 32 + 4;
    assertEquals(((2 + i) % 256) / 255f, d.features().getFloat(2, 1, 3, 4), 1e-7);
    assertEquals((4 % 256) / 255f, d.features().getFloat(4, 0, 0, 0), 1e-7);
  }

  @Test
  void readsTheFiveTrainingBatchesInOrder() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (int f = 1; f <= 5; f++) {
      Files.write(sub.resolve("data_batch_" + f + ".bin"), records(f * 2, 2));
    }
    Dataset d = Cifar10Reader.readTrain(dir);
    assertEquals(10, d.size());
    assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, d.labels());
  }

  private static void assertFails(Path file, String... fragments) {
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Cifar10Reader.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
  }

  @Test
  void badFilesAreNamed() throws IOException {
    Path truncated = dir.resolve("truncated.bin");
    byte[] two = records(0, 2);
    Files.write(truncated, Arrays.copyOf(two, two.length - 10));
    assertFails(truncated, "truncated", "not a whole number of 3073-byte records",
        "1 records and 3063 bytes left over");

    Path label = dir.resolve("label.bin");
    byte[] bad = records(0, 3);
    bad[Cifar10Reader.RECORD_BYTES] = 10;
    Files.write(label, bad);
    assertFails(label, "record 1 has label 10");

    Path empty = dir.resolve("empty.bin");
    Files.write(empty, new byte[0]);
    assertFails(empty, "empty file");

    assertFails(dir.resolve("missing.bin"), "no such file");
  }
}
