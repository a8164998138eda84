package io.annet.examples.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.annet.examples.cli.ImageInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the command line's image loading ({@link ImageInput#read}, ImageIO's PNG, JPEG, BMP and
 * GIF decoders behind it) with Jazzer: every input either converts to pixels in [0, 1] of the
 * model's shape or fails with an {@link IOException} that has a message, within 10 s; any other
 * throwable (a decoder's {@code RuntimeException}, an {@code OutOfMemoryError} from a forged
 * size) is a finding. Plain builds replay {@code ImageInputFuzzTestInputs/image/} (seeds written
 * by {@link #main}); {@code -Pjazzer} fuzzes it coverage-guided (see docs/RELIABILITY.md).
 */
class ImageInputFuzzTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final String SEEDS = "ImageInputFuzzTestInputs/image/";

  @Test
  void seedsConvert() throws IOException {
    for (String name : new String[] {"digit.png", "digit.jpg", "colour.png", "colour.bmp"}) {
      byte[] bytes;
      try (InputStream in = ImageInputFuzzTest.class.getResourceAsStream(SEEDS + name)) {
        bytes = in.readAllBytes();
      }
      Path file = write(bytes);
      try {
        ImageInput.Converted c = ImageInput.read(file, 1, 28, 28);
        assertEquals(28, c.pixels()[0].length, name);
        assertTrue(c.pixels()[0][14][14] > 0.5f, name + ": the stroke is bright");
      } finally {
        delete(file);
      }
    }
  }

  @Test
  void aPngDeclaringAGiantPictureIsRefusedBeforeItsPixelsAreAllocated() {
    Path file = write(png(20_000, 20_000));
    try {
      IOException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(IOException.class,
          () -> ImageInput.read(file, 1, 28, 28)));
      assertTrue(e.getMessage().contains("20000x20000"), e.getMessage());
    } finally {
      delete(file);
    }
  }

  /** {@code data} as a picture given to {@code annet predict}, for 1- and 3-channel models. */
  @FuzzTest(maxDuration = "10m")
  void image(byte[] data) {
    Path file = write(data);
    try {
      for (int channels : new int[] {1, 3}) {
        ImageInput.Converted c = assertTimeoutPreemptively(LIMIT, () -> {
          try {
            return ImageInput.read(file, channels, 8, 6);
          } catch (IOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().length() > 10, e::toString);
            return null;
          }
        });
        if (c == null) {
          return;
        }
        assertEquals(channels, c.pixels().length);
        for (float[][] plane : c.pixels()) {
          assertEquals(8, plane.length);
          for (float[] row : plane) {
            assertEquals(6, row.length);
            for (float v : row) {
              assertFalse(v < 0 || v > 1 || Float.isNaN(v), "pixel " + v);
            }
          }
        }
      }
    } finally {
      delete(file);
    }
  }

  /**
   * A PNG whose header declares {@code width x height} 8-bit RGB pixels, with one small data
   * chunk (a few zero rows) and an end chunk.
   */
  static byte[] png(int width, int height) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] header = new byte[13];
    for (int k = 0; k < 4; k++) {
      header[k] = (byte) (width >>> (24 - 8 * k));
      header[4 + k] = (byte) (height >>> (24 - 8 * k));
    }
    header[8] = 8; // bit depth
    header[9] = 2; // RGB
    chunk(b, "IHDR", header);
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[256]);
    deflater.finish();
    byte[] data = new byte[512];
    int n = deflater.deflate(data);
    deflater.end();
    chunk(b, "IDAT", Arrays.copyOf(data, n));
    chunk(b, "IEND", new byte[0]);
    return b.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream b, String type, byte[] body) {
    byte[] typed = new byte[4 + body.length];
    System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, typed, 0, 4);
    System.arraycopy(body, 0, typed, 4, body.length);
    CRC32 crc = new CRC32();
    crc.update(typed);
    b.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
    b.writeBytes(typed);
    b.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static Path write(byte[] bytes) {
    try {
      Path file = Files.createTempFile("annet-fuzz", ".img");
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the seed pictures (a light digit-like stroke on dark, small) in the inputs dir. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0]
        : "src/test/resources/io/annet/examples/fuzz/" + SEEDS));
    BufferedImage gray = picture(12, 12, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
    ImageIO.write(gray, "png", dir.resolve("digit.png").toFile());
    ImageIO.write(gray, "jpg", dir.resolve("digit.jpg").toFile());
    BufferedImage rgb = picture(10, 9, BufferedImage.TYPE_INT_RGB, new Color(250, 200, 120));
    ImageIO.write(rgb, "png", dir.resolve("colour.png").toFile());
    ImageIO.write(rgb, "bmp", dir.resolve("colour.bmp").toFile());
  }

  private static BufferedImage picture(int w, int h, int type, Color stroke) {
    BufferedImage image = new BufferedImage(w, h, type);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, w, h);
    g.setColor(stroke);
    g.fillRect(w / 2 - 2, 0, 4, h);
    g.dispose();
    return image;
  }
}
