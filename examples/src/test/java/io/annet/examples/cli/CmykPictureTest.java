package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} reads a CMYK JPEG: TwelveMonkeys' reader, a runtime dependency, is found by
 * ImageIO on the CLI's class path (the fixture is the runtime tests' cmyk-stripes.jpg).
 */
class CmykPictureTest {
  @Test
  void predictReadsACmykJpeg() throws Exception {
    Path file = Path.of("..", "runtime", "src", "test", "resources", "images", "cmyk-stripes.jpg");
    assertEquals(true, Files.isRegularFile(file), file.toAbsolutePath().toString());
    float[][][] rgb = ImageInput.read(file, 3, 16, 40, false).pixels();
    // stripes of 8 pixels: white, cyan, magenta, yellow, black ink (1 - ink without a profile)
    float[][] expected = {{1, 1, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {0, 0, 0}};
    for (int s = 0; s < expected.length; s++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(expected[s][c], rgb[c][8][8 * s + 4], 0.06, "stripe " + s + " channel " + c);
      }
    }
  }
}
