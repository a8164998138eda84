package io.annet.examples.cli;

/**
 * The preprocessing MNIST's digits had (LeCun et al.): the ink's bounding box scaled, keeping its
 * aspect ratio, to fit a 20x20 box (area averaging), then placed in a 28x28 field so that its
 * centre of mass falls on the field's centre, pixel (14, 14). A digit drawn large, thick or off
 * centre looks like a training digit after it.
 */
final class MnistCentring {
  /** The side of the box the digit is scaled to fit. */
  static final int BOX = 20;

  /** The side of the field. */
  static final int FIELD = 28;

  /** Pixels below this fraction of the brightest one do not count as ink for the bounding box. */
  static final float INK = 0.25f;

  private MnistCentring() {}

  /**
   * Centres the light-on-dark picture {@code ink} ({@code [rows][columns]}, values in [0, 1])
   * as MNIST's digits were; null when it holds no ink.
   */
  static float[][] apply(float[][] ink) {
    float max = 0;
    for (float[] row : ink) {
      for (float v : row) {
        max = Math.max(max, v);
      }
    }
    if (max < 0.05f) {
      return null;
    }
    int top = Integer.MAX_VALUE;
    int bottom = -1;
    int left = Integer.MAX_VALUE;
    int right = -1;
    for (int y = 0; y < ink.length; y++) {
      for (int x = 0; x < ink[y].length; x++) {
        if (ink[y][x] >= INK * max) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    int h = bottom - top + 1;
    int w = right - left + 1;
    double scale = (double) BOX / Math.max(h, w);
    int outH = Math.max(1, (int) Math.round(h * scale));
    int outW = Math.max(1, (int) Math.round(w * scale));
    float[][] box = resample(ink, top, left, h, w, outH, outW);
    double mass = 0;
    double sumY = 0;
    double sumX = 0;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        mass += box[y][x];
        sumY += y * (double) box[y][x];
        sumX += x * (double) box[y][x];
      }
    }
    int dy = (int) Math.round(FIELD / 2.0 - sumY / mass);
    int dx = (int) Math.round(FIELD / 2.0 - sumX / mass);
    float[][] field = new float[FIELD][FIELD];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int fy = y + dy;
        int fx = x + dx;
        if (fy >= 0 && fy < FIELD && fx >= 0 && fx < FIELD) {
          field[fy][fx] = Math.min(1f, box[y][x]);
        }
      }
    }
    return field;
  }

  /**
   * The {@code h x w} window at ({@code top}, {@code left}) of {@code source} resized to {@code
   * outH x outW} by area averaging: each output pixel is the mean of the source area it covers.
   */
  static float[][] resample(float[][] source, int top, int left, int h, int w, int outH,
      int outW) {
    float[][] rows = new float[outH][w];
    for (int o = 0; o < outH; o++) {
      double from = (double) o * h / outH;
      double to = (double) (o + 1) * h / outH;
      for (int s = (int) Math.floor(from); s < Math.min(h, (int) Math.ceil(to)); s++) {
        double weight = (Math.min(to, s + 1) - Math.max(from, s)) / (to - from);
        for (int x = 0; x < w; x++) {
          rows[o][x] += (float) (weight * source[top + s][left + x]);
        }
      }
    }
    float[][] out = new float[outH][outW];
    for (int o = 0; o < outW; o++) {
      double from = (double) o * w / outW;
      double to = (double) (o + 1) * w / outW;
      for (int s = (int) Math.floor(from); s < Math.min(w, (int) Math.ceil(to)); s++) {
        double weight = (Math.min(to, s + 1) - Math.max(from, s)) / (to - from);
        for (int y = 0; y < outH; y++) {
          out[y][o] += (float) (weight * rows[y][s]);
        }
      }
    }
    return out;
  }
}
