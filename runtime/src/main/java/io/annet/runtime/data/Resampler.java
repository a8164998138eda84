package io.annet.runtime.data;

/**
 * Resamples a rectangle of planar float pixels to another size with a triangle (bilinear) filter
 * widened by the scale when shrinking, so that a large photograph is averaged rather than
 * aliased; a rectangle the size of the output is copied exactly.
 */
final class Resampler {
  private Resampler() {}

  /** Per output pixel along one axis: the first source index and the weights that follow it. */
  private record Axis(int[] first, float[][] weights) {
    static Axis of(double start, double length, int sourceSize, int outSize) {
      double scale = length / outSize;
      double support = Math.max(1.0, scale);
      int[] first = new int[outSize];
      float[][] weights = new float[outSize][];
      for (int o = 0; o < outSize; o++) {
        double centre = start + (o + 0.5) * scale;
        // taps i whose centre i + 0.5 lies strictly within the support around the output's centre
        int lo = (int) Math.floor(centre - support - 0.5) + 1;
        int hi = (int) Math.ceil(centre + support - 0.5) - 1;
        float[] w = new float[hi - lo + 1];
        double sum = 0;
        for (int i = lo; i <= hi; i++) {
          double t = Math.abs(i + 0.5 - centre) / support;
          w[i - lo] = (float) Math.max(0, 1 - t);
          sum += w[i - lo];
        }
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (w[i] / sum);
        }
        first[o] = lo;
        weights[o] = w;
      }
      for (int o = 0; o < outSize; o++) {
        clamp(first, weights, o, sourceSize);
      }
      return new Axis(first, weights);
    }

    /** Folds taps outside 0..size-1 onto the edge pixels. */
    private static void clamp(int[] first, float[][] weights, int o, int size) {
      int lo = first[o];
      float[] w = weights[o];
      if (lo >= 0 && lo + w.length <= size) {
        return;
      }
      int newLo = Math.max(0, Math.min(lo, size - 1));
      int newHi = Math.min(size - 1, Math.max(lo + w.length - 1, 0));
      float[] folded = new float[newHi - newLo + 1];
      for (int i = 0; i < w.length; i++) {
        int at = Math.max(newLo, Math.min(newHi, lo + i));
        folded[at - newLo] += w[i];
      }
      first[o] = newLo;
      weights[o] = folded;
    }
  }

  /**
   * Writes the rectangle {@code rect = {x0, y0, width, height}} of {@code src} ({@code channels}
   * planes of {@code h x w}) scaled to {@code outH x outW} into {@code dst} (same plane layout).
   */
  static void resample(float[] src, int channels, int h, int w, double[] rect, float[] dst,
      int outH, int outW) {
    if (rect[0] == 0 && rect[1] == 0 && rect[2] == w && rect[3] == h && w == outW && h == outH) {
      System.arraycopy(src, 0, dst, 0, channels * h * w);
      return;
    }
    Axis xs = Axis.of(rect[0], rect[2], w, outW);
    Axis ys = Axis.of(rect[1], rect[3], h, outH);
    int yLo = ys.first[0];
    int yHi = ys.first[outH - 1] + ys.weights[outH - 1].length - 1;
    float[] rows = new float[(yHi - yLo + 1) * outW];
    for (int c = 0; c < channels; c++) {
      int plane = c * h * w;
      for (int y = yLo; y <= yHi; y++) { // horizontal pass over the rows the output needs
        int row = plane + y * w;
        int out = (y - yLo) * outW;
        for (int x = 0; x < outW; x++) {
          float[] wt = xs.weights[x];
          int at = row + xs.first[x];
          float v = 0;
          for (int k = 0; k < wt.length; k++) {
            v += wt[k] * src[at + k];
          }
          rows[out + x] = v;
        }
      }
      int outPlane = c * outH * outW;
      for (int y = 0; y < outH; y++) { // vertical pass
        float[] wt = ys.weights[y];
        int base = (ys.first[y] - yLo) * outW;
        int out = outPlane + y * outW;
        for (int x = 0; x < outW; x++) {
          float v = 0;
          for (int k = 0; k < wt.length; k++) {
            v += wt[k] * rows[base + k * outW + x];
          }
          dst[out + x] = v;
        }
      }
    }
  }
}
