package io.annet.examples.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws class activation maps over their input images: a grid of cells, each the grayscale digit
 * with the predicted class's map laid over it as a heat map (upsampled bilinearly, scaled to its
 * own range), captioned with the predicted and the true label (red when they differ).
 */
public final class CamPicture {
  /** Pixels per input pixel in each cell. */
  public static final int SCALE = 4;

  /** Height of the caption under each cell. */
  public static final int CAPTION = 18;

  /** Gap between cells and around the grid. */
  public static final int GAP = 6;

  private static final double ALPHA = 0.5;

  private CamPicture() {}

  /** Width of a picture of {@code columns} cells of inputs {@code width} pixels wide. */
  public static int pictureWidth(int columns, int width) {
    return GAP + columns * (width * SCALE + GAP);
  }

  /** Height of a picture of {@code rows} rows of inputs {@code height} pixels tall. */
  public static int pictureHeight(int rows, int height) {
    return GAP + rows * (height * SCALE + CAPTION + GAP);
  }

  /**
   * Renders the grid.
   *
   * @param images inputs {@code [N][H][W]} with values in [0, 1]
   * @param maps class activation maps {@code [N][h][w]} of the predicted classes (any size)
   * @param predicted predicted class per image
   * @param truth true class per image
   * @param columns cells per row
   */
  public static BufferedImage render(
      float[][][] images, float[][][] maps, int[] predicted, int[] truth, int columns) {
    int n = images.length;
    if (n == 0 || maps.length != n || predicted.length != n || truth.length != n || columns < 1) {
      throw new IllegalArgumentException(
          "cam picture: expected N >= 1 images with N maps, predictions and labels and columns >="
              + " 1, found "
              + n
              + " images, "
              + maps.length
              + " maps, "
              + predicted.length
              + " predictions, "
              + truth.length
              + " labels, "
              + columns
              + " columns");
    }
    int h = images[0].length;
    int w = images[0][0].length;
    int cols = Math.min(columns, n);
    int rows = (n + cols - 1) / cols;
    BufferedImage out =
        new BufferedImage(
            pictureWidth(cols, w), pictureHeight(rows, h), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i < n; i++) {
        int x0 = GAP + (i % cols) * (w * SCALE + GAP);
        int y0 = GAP + (i / cols) * (h * SCALE + CAPTION + GAP);
        drawCell(out, x0, y0, images[i], maps[i]);
        g.setColor(predicted[i] == truth[i] ? Color.BLACK : new Color(200, 0, 0));
        g.drawString("pred " + predicted[i] + " / true " + truth[i], x0 + 2, y0 + h * SCALE + 13);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Renders the grid and writes it as a PNG file, creating parent directories. */
  public static void write(
      float[][][] images, float[][][] maps, int[] predicted, int[] truth, int columns, Path file)
      throws IOException {
    BufferedImage image = render(images, maps, predicted, truth, columns);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
  }

  private static void drawCell(BufferedImage out, int x0, int y0, float[][] image, float[][] map) {
    int h = image.length;
    int w = image[0].length;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float[] row : map) {
      for (float v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    float range = max - min > 1e-12f ? max - min : 1f;
    for (int y = 0; y < h * SCALE; y++) {
      for (int x = 0; x < w * SCALE; x++) {
        double gray = clamp(image[y / SCALE][x / SCALE]);
        double heat =
            (bilinear(map, (y + 0.5) / (h * SCALE), (x + 0.5) / (w * SCALE)) - min) / range;
        int[] jet = jet(clamp(heat));
        int r = blend(gray, jet[0]);
        int gr = blend(gray, jet[1]);
        int b = blend(gray, jet[2]);
        out.setRGB(x0 + x, y0 + y, (r << 16) | (gr << 8) | b);
      }
    }
  }

  private static int blend(double gray, int heat) {
    return (int) Math.round((1 - ALPHA) * gray * 255 + ALPHA * heat);
  }

  /** Samples {@code map} at relative position (v, u) in [0, 1), cell centres aligned. */
  static double bilinear(float[][] map, double v, double u) {
    int mh = map.length;
    int mw = map[0].length;
    double y = Math.max(0, Math.min(mh - 1, v * mh - 0.5));
    double x = Math.max(0, Math.min(mw - 1, u * mw - 0.5));
    int y1 = (int) Math.floor(y);
    int x1 = (int) Math.floor(x);
    int y2 = Math.min(mh - 1, y1 + 1);
    int x2 = Math.min(mw - 1, x1 + 1);
    double fy = y - y1;
    double fx = x - x1;
    double top = map[y1][x1] * (1 - fx) + map[y1][x2] * fx;
    double bottom = map[y2][x1] * (1 - fx) + map[y2][x2] * fx;
    return top * (1 - fy) + bottom * fy;
  }

  /** The classic "jet" colour map: blue (0) through cyan, yellow to red (1). */
  static int[] jet(double t) {
    double r = clamp(1.5 - Math.abs(4 * t - 3));
    double g = clamp(1.5 - Math.abs(4 * t - 2));
    double b = clamp(1.5 - Math.abs(4 * t - 1));
    return new int[] {
      (int) Math.round(r * 255), (int) Math.round(g * 255), (int) Math.round(b * 255)
    };
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
