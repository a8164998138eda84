package io.annet.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzipped or not (recognised by the gzip magic
 * bytes {@code 1f 8b}, not by the file name): images have magic {@code 0x00000803} then
 * big-endian count, rows, columns and one unsigned byte per pixel; labels have magic {@code
 * 0x00000801}, a count and one byte per label. Pixels are scaled to [0, 1] floats {@code [N, 1,
 * rows, cols]}.
 *
 * <p>Sizes are checked against the file before anything is allocated: a forged count yields a
 * {@link DataFormatException}, never an {@code OutOfMemoryError}.
 */
public final class IdxReader {
  /** Magic of an IDX file of unsigned bytes with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic of an IDX file of unsigned bytes with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Images and labels of one split of an MNIST-style directory: {@code train-images-idx3-ubyte}
   * and {@code train-labels-idx1-ubyte} (or {@code t10k-...} when {@code train} is false), each
   * with or without {@code .gz}.
   */
  public static Dataset readMnist(Path directory, boolean train) {
    String split = train ? "train" : "t10k";
    return read(
        locate(directory, split + "-images-idx3-ubyte"),
        locate(directory, split + "-labels-idx1-ubyte"),
        10);
  }

  private static Path locate(Path directory, String name) {
    for (String candidate : new String[] {name + ".gz", name, name.replace("-idx", ".idx")}) {
      Path p = directory.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new DataFormatException(
        directory, "no " + name + " or " + name + ".gz in this directory");
  }

  /** Reads an images file and its labels file; labels must be in 0..numClasses-1. */
  public static Dataset read(Path images, Path labels, int numClasses) {
    IdxImages x = readImages(images);
    byte[] y = readLabels(labels);
    if (x.count() != y.length) {
      throw new DataFormatException(
          images, "counts disagree: it holds " + x.count() + " images but " + labels + " holds "
              + y.length + " labels");
    }
    int[] classes = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      classes[i] = y[i] & 0xff;
      if (classes[i] >= numClasses) {
        throw new DataFormatException(
            labels, "label " + classes[i] + " at index " + i + " is outside 0.."
                + (numClasses - 1));
      }
    }
    byte[] pixels = x.pixels();
    float[] f = new float[pixels.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (pixels[i] & 0xff) / 255f;
    }
    INDArray features = Nd4j.create(f, new long[] {x.count(), 1, x.rows(), x.cols()}, 'c');
    return new Dataset(features, classes, numClasses);
  }

  /**
   * The raw images of an IDX image file.
   *
   * @param count number of images
   * @param rows image height
   * @param cols image width
   * @param pixels {@code count * rows * cols} unsigned bytes, row-major
   */
  public record IdxImages(int count, int rows, int cols, byte[] pixels) {}

  /** Reads an IDX images file (magic 0x00000803). */
  public static IdxImages readImages(Path file) {
    try (Source in = Source.open(file)) {
      int magic = in.header(4, "magic number");
      checkMagic(file, magic, IMAGES_MAGIC, "images");
      int count = in.header(4, "image count");
      int rows = in.header(4, "row count");
      int cols = in.header(4, "column count");
      if (count < 1 || rows < 1 || cols < 1) {
        throw new DataFormatException(
            file, "header declares " + count + " images of " + rows + "x" + cols
                + "; expected positive numbers");
      }
      long bytes = (long) count * rows * cols;
      if (bytes > MAX_BYTES || (long) rows * cols > 1 << 24) {
        throw new DataFormatException(
            file, "header declares an absurd size: " + count + " images of " + rows + "x" + cols
                + " (" + bytes + " bytes)");
      }
      byte[] pixels = in.body(bytes, count + " images of " + rows + "x" + cols);
      return new IdxImages(count, rows, cols, pixels);
    } catch (IOException e) {
      throw new DataFormatException(file, "cannot read: " + e, e);
    }
  }

  /** Reads an IDX labels file (magic 0x00000801), one unsigned byte per label. */
  public static byte[] readLabels(Path file) {
    try (Source in = Source.open(file)) {
      int magic = in.header(4, "magic number");
      checkMagic(file, magic, LABELS_MAGIC, "labels");
      int count = in.header(4, "label count");
      if (count < 1) {
        throw new DataFormatException(
            file, "header declares " + count + " labels; expected a positive number");
      }
      return in.body(count, count + " labels");
    } catch (IOException e) {
      throw new DataFormatException(file, "cannot read: " + e, e);
    }
  }

  private static void checkMagic(Path file, int found, int expected, String what) {
    if (found != expected) {
      String hint = found == IMAGES_MAGIC ? " (an IDX images file)"
          : found == LABELS_MAGIC ? " (an IDX labels file)" : "";
      throw new DataFormatException(
          file, String.format(
              "wrong magic number 0x%08x%s; expected 0x%08x for IDX %s", found, hint, expected,
              what));
    }
  }

  /** A plain or gzipped file, read with size checks. */
  private static final class Source implements AutoCloseable {
    private final Path file;
    private final DataInputStream in;
    private final boolean gzip;
    private final long fileSize;
    private long consumed;

    private Source(Path file, DataInputStream in, boolean gzip, long fileSize) {
      this.file = file;
      this.in = in;
      this.gzip = gzip;
      this.fileSize = fileSize;
    }

    static Source open(Path file) throws IOException {
      long size = Files.size(file);
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = raw;
      if (gzip) {
        try {
          in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        } catch (IOException e) {
          raw.close();
          throw new DataFormatException(file, "corrupt gzip header: " + e.getMessage(), e);
        }
      }
      return new Source(file, new DataInputStream(in), gzip, size);
    }

    int header(int bytes, String what) throws IOException {
      try {
        int v = in.readInt();
        consumed += bytes;
        return v;
      } catch (EOFException e) {
        throw new DataFormatException(
            file, "truncated: the file ends in the IDX header, before the " + what + " ("
                + (gzip ? consumed + " bytes after decompression" : fileSize + " bytes") + ")");
      }
    }

    /** Reads exactly {@code bytes} bytes of body, then expects the end of the file. */
    byte[] body(long bytes, String what) throws IOException {
      if (!gzip && consumed + bytes > fileSize) {
        throw new DataFormatException(
            file, "truncated: the header declares " + what + " (" + (consumed + bytes)
                + " bytes with the header) but the file has only " + fileSize + " bytes");
      }
      // For gzip the real length is unknown: grow with the data actually present, never
      // allocating more than about twice what the stream really holds.
      byte[] out = new byte[(int) Math.min(bytes, gzip ? 1 << 20 : bytes)];
      int filled = 0;
      try {
        while (filled < bytes) {
          if (filled == out.length) {
            out = Arrays.copyOf(out, (int) Math.min(bytes, (long) out.length * 2));
          }
          int n = in.read(out, filled, out.length - filled);
          if (n < 0) {
            throw new DataFormatException(
                file, "truncated: the header declares " + what + " (" + bytes
                    + " bytes of data) but the " + (gzip ? "decompressed " : "") + "file holds "
                    + filled);
          }
          filled += n;
        }
        if (in.read() >= 0) {
          throw new DataFormatException(
              file, "unexpected data after the " + what + " the header declares (the file is "
                  + "longer than " + (consumed + bytes) + (gzip ? " decompressed" : "")
                  + " bytes)");
        }
      } catch (EOFException | java.util.zip.ZipException e) {
        throw new DataFormatException(
            file, "truncated or corrupt gzip data after " + filled + " of " + bytes
                + " bytes of " + what + ": " + e.getMessage(), e);
      }
      return out;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
