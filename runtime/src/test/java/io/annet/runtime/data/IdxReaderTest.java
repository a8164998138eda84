package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  static final Path MNIST = locateMnist();
  private static Dataset train;

  @TempDir Path dir;

  /** The project's copy of MNIST-10k, from the module directory or the project root. */
  static Path locateMnist() {
    for (String candidate : new String[] {"../data/mnist-10k", "data/mnist-10k"}) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "data/mnist-10k not found from " + Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void readTrain() {
    train = IdxReader.readMnist(MNIST, true);
  }

  @Test
  void readsTheShippedMnistFiles() {
    Dataset test = IdxReader.readMnist(MNIST, false);
    assertEquals(7996, train.size());
    assertEquals(2004, test.size());
    assertArrayEquals(new int[] {1, 28, 28}, train.exampleShape());
    assertEquals(10, train.numClasses());
    for (Dataset d : new Dataset[] {train, test}) {
      for (int count : d.classCounts()) {
        assertTrue(count > 100, Arrays.toString(d.classCounts()));
      }
      assertEquals(0.0, d.features().minNumber().doubleValue());
      assertEquals(1.0, d.features().maxNumber().doubleValue(), 1e-6);
    }
    double mean = train.features().meanNumber().doubleValue();
    assertTrue(mean > 0.08 && mean < 0.2, "MNIST mean pixel is about 0.13, found " + mean);
  }

  private Path gunzip(String name) throws IOException {
    Path out = dir.resolve(name.replace(".gz", ""));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(MNIST.resolve(name)))) {
      Files.copy(in, out);
    }
    return out;
  }

  @Test
  void plainFilesReadTheSameAsGzipped() throws IOException {
    Path images = gunzip("train-images-idx3-ubyte.gz");
    Path labels = gunzip("train-labels-idx1-ubyte.gz");
    Dataset plain = IdxReader.read(images, labels, 10);
    assertArrayEquals(train.labels(), plain.labels());
    assertEquals(train.features(), plain.features());
    // and a directory of plain files is found by readMnist
    assertEquals(7996, IdxReader.readMnist(dir, true).size());
  }

  private static void assertFails(Executable read, Path file, String... fragments) {
    DataFormatException e = assertThrows(DataFormatException.class, read);
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
  }

  @Test
  void wrongMagicIsNamed() {
    Path labels = MNIST.resolve("train-labels-idx1-ubyte.gz");
    assertFails(() -> IdxReader.readImages(labels), labels,
        "wrong magic number 0x00000801 (an IDX labels file); expected 0x00000803");
    Path images = MNIST.resolve("train-images-idx3-ubyte.gz");
    assertFails(() -> IdxReader.readLabels(images), images, "expected 0x00000801");
  }

  @Test
  void countsThatDisagreeAreNamed() {
    Path images = MNIST.resolve("t10k-images-idx3-ubyte.gz");
    assertFails(() -> IdxReader.read(images, MNIST.resolve("train-labels-idx1-ubyte.gz"), 10),
        images, "counts disagree", "2004 images", "7996 labels");
  }

  @Test
  void truncatedPlainAndGzippedFiles() throws IOException {
    Path images = gunzip("t10k-images-idx3-ubyte.gz");
    byte[] all = Files.readAllBytes(images);
    Path cut = dir.resolve("cut-images");
    Files.write(cut, Arrays.copyOf(all, all.length - 100));
    assertFails(() -> IdxReader.readImages(cut), cut, "truncated", "2004 images of 28x28");
    Path header = dir.resolve("header-only");
    Files.write(header, Arrays.copyOf(all, 10));
    assertFails(() -> IdxReader.readImages(header), header, "truncated", "IDX header");

    byte[] gz = Files.readAllBytes(MNIST.resolve("t10k-images-idx3-ubyte.gz"));
    Path cutGz = dir.resolve("cut-images.gz");
    Files.write(cutGz, Arrays.copyOf(gz, gz.length / 2));
    assertFails(() -> IdxReader.readImages(cutGz), cutGz, "truncated");

    Path longer = dir.resolve("longer-labels");
    byte[] labels = labelsFile(3, new byte[] {1, 2, 3, 4});
    Files.write(longer, labels);
    assertFails(() -> IdxReader.readLabels(longer), longer, "unexpected data after the 3 labels");
  }

  private static byte[] imagesHeader(int count, int rows, int cols) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(IdxReader.IMAGES_MAGIC);
    d.writeInt(count);
    d.writeInt(rows);
    d.writeInt(cols);
    d.write(new byte[rows * cols * 2]); // two real images, whatever the header says
    return b.toByteArray();
  }

  private static byte[] labelsFile(int count, byte[] labels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(IdxReader.LABELS_MAGIC);
    d.writeInt(count);
    d.write(labels);
    return b.toByteArray();
  }

  private Path gzip(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(content);
    }
    return p;
  }

  @Test
  void forgedHugeCountsNeverAllocate() throws IOException {
    Path absurd = dir.resolve("absurd");
    Files.write(absurd, imagesHeader(Integer.MAX_VALUE, 28, 28));
    assertFails(() -> IdxReader.readImages(absurd), absurd, "absurd size");
    Path negative = dir.resolve("negative");
    Files.write(negative, imagesHeader(-5, 28, 28));
    assertFails(() -> IdxReader.readImages(negative), negative, "-5 images");
    // Large but representable: 2.1 GB declared, 1.5 KB present.
    Path plain = dir.resolve("forged");
    Files.write(plain, imagesHeader(2_700_000, 28, 28));
    assertFails(() -> IdxReader.readImages(plain), plain, "truncated", "2700000 images");
    Path gz = gzip("forged.gz", imagesHeader(2_700_000, 28, 28));
    assertFails(() -> IdxReader.readImages(gz), gz, "truncated", "holds 1568");
    Path labels = gzip("forged-labels.gz", labelsFile(2_000_000_000, new byte[] {1, 2}));
    assertFails(() -> IdxReader.readLabels(labels), labels, "truncated", "2000000000 labels");
  }

  @Test
  void labelsOutOfRangeAreNamed() throws IOException {
    Path images = dir.resolve("images");
    Files.write(images, imagesHeader(2, 2, 2));
    Path labels = dir.resolve("labels");
    Files.write(labels, labelsFile(2, new byte[] {3, 12}));
    assertFails(() -> IdxReader.read(images, labels, 10), labels, "label 12 at index 1",
        "0..9");
  }
}
