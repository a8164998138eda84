package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * CMYK JPEGs (as print software writes them), which the JDK's reader refuses, decode through
 * TwelveMonkeys' reader to RGB like any other picture. The fixture, cmyk-stripes.jpg, is five
 * 8-pixel stripes (white, cyan, magenta, yellow, black ink) written by make-cmyk-jpeg.py next to
 * it.
 */
class CmykJpegTest {
  /**
   * The stripes' RGB colours: without an ICC profile in the file the reader converts as
   * (1 - ink)(1 - black), within JPEG's loss.
   */
  private static final float[][] EXPECTED = {
      {1f, 1f, 1f}, {0f, 1f, 1f}, {1f, 0f, 1f}, {1f, 1f, 0f}, {0f, 0f, 0f}};
  private static final float TOLERANCE = 0.06f;

  @TempDir Path dir;

  private Path fixture(Path to) throws Exception {
    Files.createDirectories(to.getParent());
    try (InputStream in = getClass().getResourceAsStream("/images/cmyk-stripes.jpg")) {
      Files.copy(in, to);
    }
    return to;
  }

  private static void assertStripes(float[] planes, int width, int height) {
    int plane = width * height;
    for (int s = 0; s < EXPECTED.length; s++) {
      int at = (height / 2) * width + 8 * s + 4;
      for (int c = 0; c < 3; c++) {
        float v = planes[c * plane + at];
        assertTrue(Math.abs(v - EXPECTED[s][c]) <= TOLERANCE,
            "stripe " + s + " channel " + c + ": " + v + ", expected " + EXPECTED[s][c]);
      }
    }
  }

  @Test
  void cmykJpegDecodesToItsColoursInRgbAndGray() throws Exception {
    Path file = fixture(dir.resolve("cmyk.jpg"));
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader first = ImageIO.getImageReaders(in).next();
      assertTrue(first.getClass().getName().startsWith("com.twelvemonkeys."), first.toString());
    }
    // the reader converts the CMYK samples to RGB itself (the JDK's refuses the file)
    assertEquals(java.awt.color.ColorSpace.TYPE_RGB,
        ImageIO.read(file.toFile()).getColorModel().getColorSpace().getType());
    ImageDecoder.Decoded rgb = ImageDecoder.decode(file, 3, ImageDecoder.DEFAULT_MAX_PIXELS);
    assertEquals(40, rgb.width());
    assertEquals(16, rgb.height());
    assertTrue(!rgb.converted(), "CMYK is a colour picture for an RGB model");
    assertStripes(rgb.pixels(), 40, 16);
    ImageDecoder.Decoded gray = ImageDecoder.decode(file, 1, ImageDecoder.DEFAULT_MAX_PIXELS);
    for (int s = 0; s < EXPECTED.length; s++) {
      float luminance = 0.299f * EXPECTED[s][0] + 0.587f * EXPECTED[s][1]
          + 0.114f * EXPECTED[s][2];
      assertEquals(luminance, gray.pixels()[8 * 40 + 8 * s + 4], TOLERANCE, "stripe " + s);
    }
  }

  @Test
  void cmykJpegDecodesOnAThreadWithAnotherClassLoader() throws Exception {
    Path file = fixture(dir.resolve("cmyk.jpg"));
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        outcome.set(ImageDecoder.decode(file, 3, ImageDecoder.DEFAULT_MAX_PIXELS));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    thread.setContextClassLoader(new ClassLoader(null) {}); // sees no plugin services
    thread.start();
    thread.join();
    assertTrue(outcome.get() instanceof ImageDecoder.Decoded, String.valueOf(outcome.get()));
    assertStripes(((ImageDecoder.Decoded) outcome.get()).pixels(), 40, 16);
  }

  @Test
  void aFolderWithACmykJpegStreamsWithoutASkip() throws Exception {
    fixture(dir.resolve("print").resolve("cmyk.jpg"));
    TestImages.solidRgb(dir.resolve("screen").resolve("rgb.png"), 40, 16, 0x336699);
    List<String> warnings = new ArrayList<>();
    int[] shape = {3, 16, 40};
    ImageList list = ImageFolder.scan(dir, null, BadInputPolicy.STRICT, warnings::add);
    ImageCheck.Result result = ImageCheck.run(list, shape, ResizePolicy.STRETCH,
        BadInputPolicy.STRICT, 2, warnings::add);
    assertEquals(0, result.skipped(), warnings.toString());
    assertEquals(2, result.images().size());
    ImageSource source = ImageSource.builder(result.images(), shape)
        .resize(ResizePolicy.STRETCH).threads(2).build();
    try (BatchStream stream = source.open(2, source.naturalOrder(), DataType.FLOAT)) {
      Batch batch = stream.next();
      assertEquals(2, batch.features().size(0));
      float[] cmyk = batch.features().slice(0).dup().data().asFloat(); // "print" sorts first
      assertStripes(cmyk, 40, 16);
    }
  }
}
