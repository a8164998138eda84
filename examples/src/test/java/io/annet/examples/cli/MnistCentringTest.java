package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST's preprocessing of a user's digit: ink cropped, scaled to fit 20x20, centred by mass. */
class MnistCentringTest {
  /**
   * A thick "7" in black on a white canvas, as drawn in an image editor: a bar and a diagonal,
   * with its top-left corner at ({@code x}, {@code y}).
   */
  static BufferedImage seven(int canvasWidth, int canvasHeight, int x, int y) {
    BufferedImage image =
        new BufferedImage(canvasWidth, canvasHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, canvasWidth, canvasHeight);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(30, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.drawLine(x + 15, y + 15, x + 175, y + 15);
    g.drawLine(x + 175, y + 15, x + 85, y + 225);
    g.dispose();
    return image;
  }

  @Test
  void aThickCentredSevenEndsUpInA20BoxCentredByMass() {
    ImageInput.Converted converted = ImageInput.convert(seven(280, 280, 45, 25), 1, 28, 28, true);
    assertTrue(converted.inverted() && converted.centred(), converted.applied());
    assertEquals("inverted, centred as MNIST", converted.applied());
    float[][] field = converted.pixels()[0];
    int[] box = inkBox(field);
    int height = box[2] - box[0] + 1;
    int width = box[3] - box[1] + 1;
    // The 7 is taller than wide: its height fills the 20-pixel box, its width keeps the ratio.
    assertEquals(20, height, "ink rows " + box[0] + ".." + box[2]);
    assertTrue(width >= 15 && width <= 17, "width " + width);
    double[] com = centreOfMass(field);
    assertEquals(14, com[0], 0.5, "centre of mass, row");
    assertEquals(14, com[1], 0.5, "centre of mass, column");
    for (float[] row : field) {
      for (float v : row) {
        assertTrue(v >= 0 && v <= 1, "pixel " + v);
      }
    }
  }

  @Test
  void whereAndHowLargeTheDigitWasDrawnDoesNotMatter() {
    float[][] centred = ImageInput.convert(seven(280, 280, 45, 25), 1, 28, 28, true).pixels()[0];
    float[][] corner = ImageInput.convert(seven(600, 400, 10, 150), 1, 28, 28, true).pixels()[0];
    for (int y = 0; y < 28; y++) {
      assertArrayEquals(centred[y], corner[y], 1e-6f, "row " + y);
    }
  }

  @Test
  void withoutCentringThePictureIsOnlyResized() {
    ImageInput.Converted plain = ImageInput.convert(seven(280, 280, 45, 25), 1, 28, 28, false);
    assertTrue(plain.inverted());
    assertFalse(plain.centred());
    assertEquals("inverted", plain.applied());
    // The stroke fills the whole 28x28 frame, unlike any training digit.
    int[] box = inkBox(plain.pixels()[0]);
    assertTrue(box[2] - box[0] + 1 >= 23, "ink rows " + box[0] + ".." + box[2]);
  }

  @Test
  void onlyMnistShapedModelsAreCentred() {
    assertTrue(ImageInput.mnistLike(1, 28, 28));
    assertFalse(ImageInput.mnistLike(3, 32, 32));
    assertFalse(ImageInput.mnistLike(1, 32, 32));
    assertFalse(ImageInput.convert(seven(280, 280, 45, 25), 3, 32, 32, true).centred());
  }

  @Test
  void aBlankPictureIsOnlyResized() {
    BufferedImage blank = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
    assertFalse(ImageInput.convert(blank, 1, 28, 28, true).centred());
    assertNull(MnistCentring.apply(new float[10][10]));
  }

  /**
   * The case: a thick, centred 7 drawn in an image editor. A MnistGapHead trained for one
   * epoch on the shipped digits (about 3 s) reads it as 1 when it is only resized, and as 7 once it
   * is centred as MNIST's digits were.
   */
  @Test
  void aTrainedModelReadsTheDrawnSevenOnlyAfterCentring(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("gap.ckpt");
    CliRun train = CliRun.of("train", "MnistGapHead", "--checkpoint", checkpoint.toString(),
        "--data", CliRun.projectData().toString(), "--epochs", "1");
    assertEquals(0, train.code(), train.toString());
    Path image = dir.resolve("seven.png");
    assertTrue(ImageIO.write(seven(280, 280, 45, 25), "png", image.toFile()));

    CliRun centred = CliRun.of("predict", "MnistGapHead", "--checkpoint", checkpoint.toString(),
        image.toString());
    assertTrue(centred.out().contains("seven.png (inverted, centred as MNIST): 7 "),
        centred.toString());
    CliRun resized = CliRun.of("predict", "MnistGapHead", "--checkpoint", checkpoint.toString(),
        "--no-centre", image.toString());
    assertTrue(resized.out().startsWith("Preprocessing: resized to 28x28"), resized.out());
    assertTrue(resized.out().contains("seven.png (inverted): ")
        && !resized.out().contains("seven.png (inverted): 7 "), resized.toString());
  }

  @Test
  void resamplingAveragesTheAreaEachPixelCovers() {
    float[][] source = {{0, 3, 6, 9}, {1, 1, 1, 1}, {2, 2, 2, 2}};
    // 4 columns to 2: pairs; 3 rows to 2: row 0 + half of row 1, half of row 1 + row 2.
    float[][] out = MnistCentring.resample(source, 0, 0, 3, 4, 2, 2);
    assertEquals((1.5f + 0.5f) / 1.5f, out[0][0], 1e-6f);
    assertEquals((7.5f + 0.5f) / 1.5f, out[0][1], 1e-6f);
    assertEquals((0.5f + 2f) / 1.5f, out[1][0], 1e-6f);
    assertEquals((0.5f + 2f) / 1.5f, out[1][1], 1e-6f);
  }

  /** {top, left, bottom, right} of the pixels at least a quarter as bright as the brightest. */
  static int[] inkBox(float[][] field) {
    float max = 0;
    for (float[] row : field) {
      for (float v : row) {
        max = Math.max(max, v);
      }
    }
    int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
    for (int y = 0; y < field.length; y++) {
      for (int x = 0; x < field[y].length; x++) {
        if (field[y][x] >= MnistCentring.INK * max) {
          box[0] = Math.min(box[0], y);
          box[1] = Math.min(box[1], x);
          box[2] = Math.max(box[2], y);
          box[3] = Math.max(box[3], x);
        }
      }
    }
    return box;
  }

  static double[] centreOfMass(float[][] field) {
    double mass = 0;
    double y = 0;
    double x = 0;
    for (int r = 0; r < field.length; r++) {
      for (int c = 0; c < field[r].length; c++) {
        mass += field[r][c];
        y += r * (double) field[r][c];
        x += c * (double) field[r][c];
      }
    }
    return new double[] {y / mass, x / mass};
  }
}
