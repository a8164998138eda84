package io.annet.examples.cli;

import io.annet.runtime.data.BmpHeader;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an image file into a model's input: resized to the model's height and width (area
 * averaging), grayscale for one channel or RGB for three, values in [0, 1]. A one-channel picture
 * whose mean is above one half is inverted, because MNIST-style models expect light strokes on a
 * dark background.
 */
public final class ImageInput {
  /** Largest picture read, in pixels (a 33-megapixel photograph). */
  static final long MAX_PIXELS = 1L << 25;

  private ImageInput() {}

  /**
   * One converted image, whether it was inverted, and whether it was centred as MNIST's digits
   * were ({@link MnistCentring}).
   */
  public record Converted(float[][][] pixels, boolean inverted, boolean centred) {
    /** What was done besides resizing, e.g. {@code "inverted, centred as MNIST"}; may be empty. */
    public String applied() {
      return inverted && centred
          ? "inverted, centred as MNIST"
          : inverted ? "inverted" : centred ? "centred as MNIST" : "";
    }
  }

  /** Whether a model of this input shape takes MNIST-style digits: one channel, 28x28. */
  public static boolean mnistLike(int channels, int height, int width) {
    return channels == 1 && height == MnistCentring.FIELD && width == MnistCentring.FIELD;
  }

  /**
   * Reads {@code file} and converts it to {@code [channels][height][width]}.
   *
   * @throws IOException if the file is missing or is not an image ImageIO can decode
   */
  public static Converted read(Path file, int channels, int height, int width) throws IOException {
    return read(file, channels, height, width, false);
  }

  /**
   * Reads {@code file} and converts it to {@code [channels][height][width]}; with {@code centre},
   * a picture for an MNIST-like model ({@link #mnistLike}) gets MNIST's preprocessing: its ink
   * cropped, scaled to fit 20x20 and centred by mass in 28x28.
   *
   * @throws IOException if the file is missing or is not an image ImageIO can decode
   */
  public static Converted read(Path file, int channels, int height, int width, boolean centre)
      throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException("cannot read image " + file + ": "
          + (Files.isDirectory(file) ? "a directory" : "no such readable file"));
    }
    return convert(decode(file), channels, height, width, centre);
  }

  /**
   * Decodes the first picture of {@code file} after checking the size its header declares, so
   * that a few forged header bytes cannot make ImageIO allocate gigabytes; a decoder's unchecked
   * exception on corrupt data becomes an {@link IOException} naming the file.
   */
  private static BufferedImage decode(Path file) throws IOException {
    String notAnImage = "cannot read image " + file + ": expected a PNG (or JPEG, BMP, GIF) file";
    String bmp = BmpHeader.problem(head(file), Files.size(file));
    if (bmp != null) {
      throw new IOException("cannot read image " + file + ": " + bmp);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException(notAnImage);
      }
      ImageReader reader = readers.next();
      long w;
      long h;
      try {
        reader.setInput(in, true, true);
        w = reader.getWidth(0);
        h = reader.getHeight(0);
        if (w >= 1 && h >= 1 && w * h <= MAX_PIXELS) {
          return reader.read(0);
        }
      } catch (OutOfMemoryError e) {
        // usually a forged length inside the file (a BMP's embedded-image size, say) asking the
        // decoder for one huge array, which was never allocated, so the heap is intact
        throw new IOException(notAnImage + "; decoding it needs more memory than this JVM has ("
            + e.getMessage() + "): the file is corrupt, or the picture too large for the heap"
            + " (ANNET_JAVA_OPTS=-Xmx8g raises it)", e);
      } catch (IOException | RuntimeException e) {
        // ImageIO's decoders throw bare EOFExceptions, IndexOutOfBounds... on damaged files
        throw new IOException(notAnImage + "; it is truncated or corrupt (" + e + ")", e);
      } finally {
        reader.dispose();
      }
      throw new IOException("cannot read image " + file + ": its header declares " + w + "x" + h
          + " pixels; expected at least 1x1 and at most " + MAX_PIXELS + " pixels");
    }
  }

  /** The first {@link BmpHeader#HEAD_BYTES} bytes of {@code file} (all of a shorter one). */
  private static byte[] head(Path file) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(BmpHeader.HEAD_BYTES);
    }
  }

  /** Converts an image already in memory, without centring; see {@link #read}. */
  public static Converted convert(BufferedImage source, int channels, int height, int width) {
    return convert(source, channels, height, width, false);
  }

  /** Converts an image already in memory; see {@link #read(Path, int, int, int, boolean)}. */
  public static Converted convert(
      BufferedImage source, int channels, int height, int width, boolean centre) {
    if (centre && mnistLike(channels, height, width)) {
      float[][] gray = gray(source);
      boolean invert = mean(gray) > 0.5;
      if (invert) {
        for (float[] row : gray) {
          for (int x = 0; x < row.length; x++) {
            row[x] = 1f - row[x];
          }
        }
      }
      float[][] centred = MnistCentring.apply(gray);
      if (centred != null) {
        return new Converted(new float[][][] {centred}, invert, true);
      }
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "image input: expected a model with 1 or 3 input channels, found " + channels);
    }
    BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = resized.createGraphics();
    try {
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, width, height);
      Image scaled = source.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
      g.drawImage(scaled, 0, 0, null);
    } finally {
      g.dispose();
    }
    float[][][] pixels = new float[channels][height][width];
    double sum = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = resized.getRGB(x, y);
        float r = ((rgb >> 16) & 0xff) / 255f;
        float gr = ((rgb >> 8) & 0xff) / 255f;
        float b = (rgb & 0xff) / 255f;
        if (channels == 1) {
          pixels[0][y][x] = 0.299f * r + 0.587f * gr + 0.114f * b;
          sum += pixels[0][y][x];
        } else {
          pixels[0][y][x] = r;
          pixels[1][y][x] = gr;
          pixels[2][y][x] = b;
        }
      }
    }
    boolean invert = channels == 1 && sum / (height * (double) width) > 0.5;
    if (invert) {
      for (float[] row : pixels[0]) {
        for (int x = 0; x < row.length; x++) {
          row[x] = 1f - row[x];
        }
      }
    }
    return new Converted(pixels, invert, false);
  }

  /** The picture at its own size in grayscale, values in [0, 1]. */
  static float[][] gray(BufferedImage source) {
    float[][] gray = new float[source.getHeight()][source.getWidth()];
    for (int y = 0; y < gray.length; y++) {
      for (int x = 0; x < gray[y].length; x++) {
        int argb = source.getRGB(x, y);
        float alpha = ((argb >>> 24) & 0xff) / 255f;
        float luma =
            (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff))
                / 255f;
        // Transparent pixels count as the white background, as in the resized path.
        gray[y][x] = alpha * luma + (1 - alpha);
      }
    }
    return gray;
  }

  private static double mean(float[][] gray) {
    double sum = 0;
    for (float[] row : gray) {
      for (float v : row) {
        sum += v;
      }
    }
    return sum / Math.max(1, gray.length * (long) gray[0].length);
  }
}
