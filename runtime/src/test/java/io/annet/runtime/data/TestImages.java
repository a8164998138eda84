package io.annet.runtime.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Writes small test pictures: gray or RGB noise, constant images, and hand-made PNG headers. */
final class TestImages {
  private TestImages() {}

  /** A gray PNG of {@code w x h} whose pixel (x, y) is {@code (seed * 31 + x * 7 + y * 13) % 256}. */
  static Path grayPng(Path file, int w, int h, int seed) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, grayValue(seed, x, y));
      }
    }
    return write(image, "png", file);
  }

  static int grayValue(int seed, int x, int y) {
    return Math.floorMod(seed * 31 + x * 7 + y * 13, 256);
  }

  /** An RGB picture of noise from {@code seed}, as PNG or JPEG by {@code format}. */
  static Path rgb(Path file, String format, int w, int h, int seed) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return write(image, format, file);
  }

  /** An RGB PNG filled with one colour. */
  static Path solidRgb(Path file, int w, int h, int rgb) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return write(image, "png", file);
  }

  static Path write(BufferedImage image, String format, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!ImageIO.write(image, format, out)) {
        throw new IOException("no writer for " + format);
      }
    }
    return file;
  }

  /**
   * A valid 1-bit grayscale PNG of {@code w x h} black pixels, written without ever holding the
   * picture: a 20,000 x 20,000 one is 400 megapixels in a file of a few hundred kilobytes.
   */
  static Path hugePng(Path file, int w, int h) throws IOException {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat,
        new Deflater(Deflater.BEST_SPEED))) {
      byte[] row = new byte[1 + (w + 7) / 8]; // filter byte 0, then the packed bits
      for (int y = 0; y < h; y++) {
        z.write(row);
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(ihdr);
      d.writeInt(w);
      d.writeInt(h);
      d.write(new byte[] {1, 0, 0, 0, 0}); // bit depth 1, grayscale, no interlace
      chunk(out, "IHDR", ihdr.toByteArray());
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
    }
    return file;
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
