package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding paths: 16-bit PNG, RGBA over white, and subsampled decoding of large pictures. */
class ImageDecoderTest {
  @TempDir Path dir;

  @Test
  void sixteenBitGrayPngKeepsItsPrecision() throws Exception {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSample(1, 2, 0, 40000);
    Path file = TestImages.write(image, "png", dir.resolve("deep.png"));
    ImageDecoder.Decoded d = ImageDecoder.decode(file, 1, ImageDecoder.DEFAULT_MAX_PIXELS);
    assertEquals(40000 / 65535f, d.pixels()[2 * 4 + 1], 1e-6);
    assertEquals(0f, d.pixels()[0]);
  }

  @Test
  void transparentPixelsLieOverWhite() throws Exception {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
    image.setRGB(0, 0, 0x00000000); // fully transparent black
    image.setRGB(1, 0, 0xff0000ff); // opaque blue
    Path file = TestImages.write(image, "png", dir.resolve("alpha.png"));
    float[] p = ImageDecoder.decode(file, 3, ImageDecoder.DEFAULT_MAX_PIXELS).pixels();
    assertEquals(1f, p[0], 1e-6); // red plane, transparent pixel: white
    assertEquals(0f, p[1], 1e-6); // red plane, blue pixel
    assertEquals(1f, p[5], 1e-6); // blue plane, blue pixel
  }

  @Test
  void largePicturesAreDecodedSubsampledCloseToTheFullDecoding() throws Exception {
    Path file = dir.resolve("big.png");
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        image.getRaster().setSample(x, y, 0, x); // a horizontal ramp
      }
    }
    TestImages.write(image, "png", file);
    ImageDecoder.Decoded sub = ImageDecoder.decode(file, 1, ImageDecoder.DEFAULT_MAX_PIXELS, 8, 8);
    assertEquals(16, sub.width()); // subsampled by 16: twice the 8-pixel target
    float[] full = new float[64];
    float[] small = new float[64];
    ImageDecoder.Decoded all = ImageDecoder.decode(file, 1, ImageDecoder.DEFAULT_MAX_PIXELS);
    Resampler.resample(all.pixels(), 1, 256, 256, new double[] {0, 0, 256, 256}, full, 8, 8);
    Resampler.resample(sub.pixels(), 1, 16, 16, new double[] {0, 0, 16, 16}, small, 8, 8);
    for (int i = 0; i < 64; i++) {
      assertTrue(Math.abs(full[i] - small[i]) < 0.04, i + ": " + full[i] + " vs " + small[i]);
    }
  }

  /** A 32x16 JPEG, left half black and right half white, with an EXIF orientation segment. */
  private Path jpegWithOrientation(int orientation, boolean bigEndian) throws Exception {
    BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 16; y++) {
      for (int x = 16; x < 32; x++) {
        image.getRaster().setSample(x, y, 0, 255);
      }
    }
    Path plain = TestImages.write(image, "jpeg", dir.resolve("plain.jpg"));
    byte[] jpeg = java.nio.file.Files.readAllBytes(plain);
    java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(26)
        .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) (bigEndian ? 'M' : 'I')).put((byte) (bigEndian ? 'M' : 'I'))
        .putShort((short) 42).putInt(8) // header, first IFD at 8
        .putShort((short) 1) // one entry: orientation, SHORT, count 1
        .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
        .putShort((short) 0).putInt(0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0});
    out.write(tiff.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return java.nio.file.Files.write(dir.resolve("turned" + orientation + ".jpg"),
        out.toByteArray());
  }

  @Test
  void exifOrientationTurnsTheJpegUpright() throws Exception {
    // 6: stored turned a quarter anticlockwise, shown turned clockwise: the left half goes on top
    for (boolean big : new boolean[] {true, false}) {
      ImageDecoder.Decoded d = ImageDecoder.decode(jpegWithOrientation(6, big), 1,
          ImageDecoder.DEFAULT_MAX_PIXELS);
      assertEquals(16, d.width());
      assertEquals(32, d.height());
      assertTrue(d.pixels()[4 * 16 + 8] < 0.1, "top is the black left half");
      assertTrue(d.pixels()[28 * 16 + 8] > 0.9, "bottom is the white right half");
    }
    ImageDecoder.Decoded mirrored = ImageDecoder.decode(jpegWithOrientation(2, true), 1,
        ImageDecoder.DEFAULT_MAX_PIXELS);
    assertEquals(32, mirrored.width());
    assertTrue(mirrored.pixels()[8 * 32 + 4] > 0.9, "mirrored: white on the left");
    ImageDecoder.Decoded eight = ImageDecoder.decode(jpegWithOrientation(8, true), 1,
        ImageDecoder.DEFAULT_MAX_PIXELS);
    assertTrue(eight.pixels()[4 * 16 + 8] > 0.9, "8: the right half goes on top");
  }

  @Test
  void damagedExifIsIgnored() throws Exception {
    byte[] cut = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 40, 'E', 'x', 'i', 'f', 0,
        0, 'M', 'M', 0, 42, 0x7f, 0, 0, 0};
    assertEquals(1, ExifOrientation.of(cut));
    assertEquals(1, ExifOrientation.of(new byte[] {1, 2}));
    // a whole JPEG whose EXIF directory lies past its segment: decoded as stored, not skipped
    byte[] jpeg = java.nio.file.Files.readAllBytes(jpegWithOrientation(6, true));
    jpeg[10 + 7] = 0x7f; // the first IFD's offset, inside the TIFF header after "Exif\0\0"
    assertEquals(1, ExifOrientation.of(jpeg));
    Path damaged = java.nio.file.Files.write(dir.resolve("damaged.jpg"), jpeg);
    ImageDecoder.Decoded d = ImageDecoder.decode(damaged, 1, ImageDecoder.DEFAULT_MAX_PIXELS);
    assertEquals(32, d.width());
    assertEquals(16, d.height());
    assertTrue(d.pixels()[8 * 32 + 4] < 0.1, "left half black, as stored");
  }
}
