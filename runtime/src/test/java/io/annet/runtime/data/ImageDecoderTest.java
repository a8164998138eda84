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
}
