package io.annet.runtime.data;

import java.util.SplittableRandom;

/**
 * Random changes to training images, drawn from a seeded generator per example, so that a run is
 * reproducible whatever the number of decoding threads; evaluation never augments.
 *
 * @param padCrop shift the picture by up to this many pixels each way, filling with black (the
 *     "random crop with padding" of CIFAR training); 0 for none
 * @param flip mirror left-right with probability one half
 * @param minCropArea the smallest fraction of the picture a random resized crop keeps (aspect
 *     ratio drawn within 3:4 to 4:3), in (0, 1]; 1 for none
 * @param brightness add a value drawn within +-brightness to every pixel; 0 for none
 * @param contrast scale the distance to the picture's mean by a factor within 1 +- contrast; 0
 *     for none
 */
public record Augmentation(
    int padCrop, boolean flip, double minCropArea, double brightness, double contrast) {
  /** No augmentation. */
  public static final Augmentation NONE = new Augmentation(0, false, 1, 0, 0);

  private static final double MAX_LOG_ASPECT = Math.log(4.0 / 3);

  public Augmentation {
    if (padCrop < 0 || !(minCropArea > 0 && minCropArea <= 1) || !(brightness >= 0)
        || !(contrast >= 0 && contrast < 1)) {
      throw new IllegalArgumentException("augmentation needs padCrop >= 0, 0 < minCropArea <= 1,"
          + " brightness >= 0 and 0 <= contrast < 1, found " + padCrop + ", " + minCropArea + ", "
          + brightness + ", " + contrast);
    }
  }

  /**
   * The usual mix for photographs of {@code height x width}: shifts of an eighth of the side,
   * flips, crops keeping 80 % or more, brightness and contrast within 10 %.
   */
  public static Augmentation standard(int height, int width) {
    return new Augmentation(Math.max(1, Math.min(height, width) / 8), true, 0.8, 0.1, 0.1);
  }

  /** Whether this changes anything. */
  public boolean isNone() {
    return padCrop == 0 && !flip && minCropArea == 1 && brightness == 0 && contrast == 0;
  }

  /** The random resized crop: a part of {@code rect = {x0, y0, w, h}}, drawn from {@code rng}. */
  double[] crop(double[] rect, SplittableRandom rng) {
    if (minCropArea == 1) {
      return rect;
    }
    double area = minCropArea + rng.nextDouble() * (1 - minCropArea);
    double aspect = Math.exp((rng.nextDouble() * 2 - 1) * MAX_LOG_ASPECT);
    double w = Math.min(rect[2], rect[2] * Math.sqrt(area * aspect));
    double h = Math.min(rect[3], rect[3] * Math.sqrt(area / aspect));
    return new double[] {
        rect[0] + rng.nextDouble() * (rect[2] - w), rect[1] + rng.nextDouble() * (rect[3] - h), w, h};
  }

  /**
   * Flips, shifts and jitters {@code pixels} ({@code channels} planes of {@code h x w}) in place,
   * with {@code scratch} of the same length; values stay within [0, 1].
   */
  void apply(float[] pixels, float[] scratch, int channels, int h, int w, SplittableRandom rng) {
    int plane = h * w;
    if (flip && rng.nextBoolean()) {
      for (int c = 0; c < channels; c++) {
        for (int y = 0; y < h; y++) {
          int row = c * plane + y * w;
          for (int x = 0; x < w / 2; x++) {
            float t = pixels[row + x];
            pixels[row + x] = pixels[row + w - 1 - x];
            pixels[row + w - 1 - x] = t;
          }
        }
      }
    }
    if (padCrop > 0) {
      int dx = rng.nextInt(2 * padCrop + 1) - padCrop;
      int dy = rng.nextInt(2 * padCrop + 1) - padCrop;
      System.arraycopy(pixels, 0, scratch, 0, channels * plane);
      for (int c = 0; c < channels; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int sy = y + dy;
            int sx = x + dx;
            pixels[c * plane + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w
                ? scratch[c * plane + sy * w + sx] : 0f;
          }
        }
      }
    }
    if (brightness > 0 || contrast > 0) {
      float shift = (float) ((rng.nextDouble() * 2 - 1) * brightness);
      float factor = (float) (1 + (rng.nextDouble() * 2 - 1) * contrast);
      int n = channels * plane;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += pixels[i];
      }
      float mean = (float) (sum / n);
      for (int i = 0; i < n; i++) {
        float v = (pixels[i] - mean) * factor + mean + shift;
        pixels[i] = Math.max(0f, Math.min(1f, v));
      }
    }
  }
}
