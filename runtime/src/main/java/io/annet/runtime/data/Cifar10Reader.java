package io.annet.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the CIFAR-10 binary format: records of 1 label byte (0..9) followed by 3072 pixel bytes
 * (1024 red, 1024 green, 1024 blue, each 32x32 row-major), as in {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} and {@code test_batch.bin}. Pixels are scaled to [0, 1] floats {@code
 * [N, 3, 32, 32]}, which is the file's own channel-major layout.
 */
public final class Cifar10Reader {
  /** Bytes of one record: the label and the 3x32x32 image. */
  public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
  /** Number of classes. */
  public static final int CLASSES = 10;

  private Cifar10Reader() {}

  /** The five training batches of a CIFAR-10 directory (or its cifar-10-batches-bin child). */
  public static Dataset readTrain(Path directory) {
    Path dir = resolve(directory);
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      files.add(dir.resolve("data_batch_" + i + ".bin"));
    }
    return read(files.toArray(Path[]::new));
  }

  /** The test batch of a CIFAR-10 directory (or its cifar-10-batches-bin child). */
  public static Dataset readTest(Path directory) {
    return read(resolve(directory).resolve("test_batch.bin"));
  }

  private static Path resolve(Path directory) {
    Path child = directory.resolve("cifar-10-batches-bin");
    return Files.isDirectory(child) ? child : directory;
  }

  /** Reads and concatenates the given batch files. */
  public static Dataset read(Path... files) {
    if (files.length == 0) {
      throw new IllegalArgumentException("no CIFAR-10 files given");
    }
    long[] records = new long[files.length];
    long total = 0;
    for (int f = 0; f < files.length; f++) {
      Path file = files[f];
      if (!Files.isRegularFile(file)) {
        throw new DataFormatException(
            file, Files.isDirectory(file) ? "a directory, not a CIFAR-10 batch file" : "no such file");
      }
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw new DataFormatException(file, "cannot read: " + e, e);
      }
      if (size == 0) {
        throw new DataFormatException(file, "empty file; expected " + RECORD_BYTES
            + "-byte CIFAR-10 records");
      }
      if (size % RECORD_BYTES != 0) {
        throw new DataFormatException(
            file, "truncated or not CIFAR-10 binary: " + size + " bytes is not a whole number of "
                + RECORD_BYTES + "-byte records (" + size / RECORD_BYTES + " records and "
                + size % RECORD_BYTES + " bytes left over)");
      }
      records[f] = size / RECORD_BYTES;
      total += records[f];
    }
    if (total * (RECORD_BYTES - 1) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "too many CIFAR-10 records for one in-memory dataset: " + total);
    }
    int n = (int) total;
    float[] pixels = new float[n * (RECORD_BYTES - 1)];
    int[] labels = new int[n];
    byte[] record = new byte[RECORD_BYTES];
    int r = 0;
    for (int f = 0; f < files.length; f++) {
      try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(files[f]),
          1 << 16)) {
        for (long k = 0; k < records[f]; k++, r++) {
          if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
            throw new DataFormatException(files[f], "truncated while reading record " + k
                + " (the file changed while being read?)");
          }
          int label = record[0] & 0xff;
          if (label >= CLASSES) {
            throw new DataFormatException(
                files[f], "record " + k + " has label " + label + "; expected 0..9 (CIFAR-100 "
                    + "files have 2 label bytes and are not this format)");
          }
          labels[r] = label;
          int base = r * (RECORD_BYTES - 1);
          for (int i = 1; i < RECORD_BYTES; i++) {
            pixels[base + i - 1] = (record[i] & 0xff) / 255f;
          }
        }
      } catch (IOException e) {
        throw new DataFormatException(files[f], "cannot read: " + e, e);
      }
    }
    INDArray features = Nd4j.create(pixels, new long[] {n, 3, 32, 32}, 'c');
    return new Dataset(features, labels, CLASSES);
  }
}
