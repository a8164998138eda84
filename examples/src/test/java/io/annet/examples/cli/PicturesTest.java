package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturesTest {
  @TempDir Path dir;

  @Test
  void curvesAreWrittenAsPngOfTheDocumentedSize() throws Exception {
    Curve a = new Curve("A");
    Curve b = new Curve("B");
    for (int e = 0; e < 3; e++) {
      a.add(1.0 / (e + 1), 1.2 / (e + 1), 0.9 + 0.01 * e);
      b.add(2.0 / (e + 1), 2.2 / (e + 1), 0.8 + 0.05 * e);
    }
    assertArrayEquals(new double[] {1, 2, 3}, a.epochNumbers());
    assertArrayEquals(new double[] {0.9, 0.91, 0.92}, a.testAccuracy(), 1e-12);
    Path file = dir.resolve("sub/curves.png");
    CurvesChart.write(List.of(a, b), file);
    BufferedImage read = ImageIO.read(file.toFile());
    assertNotNull(read);
    assertEquals(CurvesChart.WIDTH, read.getWidth());
    assertEquals(CurvesChart.HEIGHT, read.getHeight());
  }

  @Test
  void curvesWithoutEpochsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CurvesChart.render(List.of(new Curve("A"))));
    assertTrue(e.getMessage().contains("found none"), e.getMessage());
  }

  @Test
  void camGridHasOneCaptionedCellPerImage() throws Exception {
    int n = 5;
    float[][][] images = new float[n][28][28];
    float[][][] maps = new float[n][7][7];
    int[] predicted = {0, 1, 2, 3, 4};
    int[] truth = {0, 1, 2, 3, 9};
    for (int i = 0; i < n; i++) {
      maps[i][0][0] = 1f; // hot top-left corner, cold elsewhere
    }
    Path file = dir.resolve("cam.png");
    CamPicture.write(images, maps, predicted, truth, 3, file);
    BufferedImage read = ImageIO.read(file.toFile());
    assertNotNull(read);
    assertEquals(CamPicture.pictureWidth(3, 28), read.getWidth());
    assertEquals(CamPicture.pictureHeight(2, 28), read.getHeight());
    // On a black digit the overlay is the heat colour at half strength: red-ish where the map is
    // hot, blue-ish where it is cold.
    Color hot = new Color(read.getRGB(CamPicture.GAP + 1, CamPicture.GAP + 1));
    Color cold = new Color(read.getRGB(CamPicture.GAP + 28 * 4 - 2, CamPicture.GAP + 28 * 4 - 2));
    assertTrue(hot.getRed() > hot.getBlue(), "hot " + hot);
    assertTrue(cold.getBlue() > cold.getRed(), "cold " + cold);
  }

  @Test
  void camRejectsMismatchedInputs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CamPicture.render(
                    new float[2][4][4], new float[1][2][2], new int[2], new int[2], 2));
    assertTrue(e.getMessage().contains("2 images, 1 maps"), e.getMessage());
  }

  @Test
  void jetGoesFromBlueToRedAndBilinearInterpolates() {
    int[] low = CamPicture.jet(0);
    int[] high = CamPicture.jet(1);
    assertTrue(low[2] > 100 && low[0] == 0, "low " + low[0] + "," + low[2]);
    assertTrue(high[0] > 100 && high[2] == 0, "high " + high[0] + "," + high[2]);
    float[][] map = {{0, 1}, {2, 3}};
    assertEquals(1.5, CamPicture.bilinear(map, 0.5, 0.5), 1e-9);
    assertEquals(0.0, CamPicture.bilinear(map, 0.0, 0.0), 1e-9);
    assertEquals(3.0, CamPicture.bilinear(map, 0.99, 0.99), 1e-9);
  }

  @Test
  void imageInputResizesAndInvertsDarkStrokesOnLight() {
    BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 56, 56);
    g.setColor(Color.BLACK);
    g.fillRect(20, 0, 16, 56); // a dark vertical bar on white
    g.dispose();
    ImageInput.Converted converted = ImageInput.convert(image, 1, 28, 28);
    assertTrue(converted.inverted());
    float[][] pixels = converted.pixels()[0];
    assertEquals(28, pixels.length);
    assertEquals(28, pixels[0].length);
    assertEquals(1f, pixels[14][14], 1e-3); // the bar becomes bright
    assertEquals(0f, pixels[14][2], 1e-3); // the background becomes dark
  }

  @Test
  void imageInputKeepsLightStrokesOnDarkAndRejectsOddChannels() {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, 0xffffff);
    ImageInput.Converted converted = ImageInput.convert(image, 1, 28, 28);
    assertFalse(converted.inverted());
    assertEquals(1f, converted.pixels()[0][4][3], 1e-3);
    assertThrows(IllegalArgumentException.class, () -> ImageInput.convert(image, 2, 28, 28));
  }
}
