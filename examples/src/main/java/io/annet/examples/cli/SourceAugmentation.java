package io.annet.examples.cli;

import io.annet.runtime.data.Dataset;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Randomly moved copies of the source task's digits (rotation, scale and shift, bilinear), so that
 * the backbone trained on digits 0-4 learns strokes wherever they sit rather than the five digits'
 * exact positions. Only the source model sees them; every run on digits 5-9, transfer or scratch,
 * trains on the same untouched examples.
 */
final class SourceAugmentation {
  private SourceAugmentation() {}

  /**
   * {@code data} followed by {@code copies} moved copies of each example: rotated within
   * {@code degrees}, scaled within 1 +- {@code scale}, shifted within {@code shift} pixels.
   */
  static Dataset withCopies(Dataset data, int copies, double degrees, double scale, double shift,
      long seed) {
    if (copies <= 0) {
      return data;
    }
    int[] shape = data.exampleShape();
    int c = shape[0];
    int h = shape[1];
    int w = shape[2];
    int size = c * h * w;
    int n = data.size();
    float[] in = data.features().castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] out = new float[(copies + 1) * n * size];
    int[] labels = new int[(copies + 1) * n];
    System.arraycopy(in, 0, out, 0, n * size);
    System.arraycopy(data.labels(), 0, labels, 0, n);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int k = 1; k <= copies; k++) {
      for (int i = 0; i < n; i++) {
        double angle = Math.toRadians((rng.nextDouble() * 2 - 1) * degrees);
        double zoom = 1 + (rng.nextDouble() * 2 - 1) * scale;
        double dx = (rng.nextDouble() * 2 - 1) * shift;
        double dy = (rng.nextDouble() * 2 - 1) * shift;
        int to = (k * n + i) * size;
        for (int ch = 0; ch < c; ch++) {
          warp(in, i * size + ch * h * w, out, to + ch * h * w, h, w, angle, zoom, dx, dy);
        }
        labels[k * n + i] = data.label(i);
      }
    }
    return new Dataset(Nd4j.create(out, new long[] {(long) (copies + 1) * n, c, h, w}, 'c'),
        labels, data.numClasses());
  }

  /** One channel, sampled bilinearly through the inverse of the move (black outside). */
  private static void warp(float[] in, int from, float[] out, int to, int h, int w, double angle,
      double zoom, double dx, double dy) {
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    double cos = Math.cos(angle) / zoom;
    double sin = Math.sin(angle) / zoom;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double u = x - cx - dx;
        double v = y - cy - dy;
        double sx = cos * u + sin * v + cx;
        double sy = -sin * u + cos * v + cy;
        out[to + y * w + x] = (float) sample(in, from, h, w, sx, sy);
      }
    }
  }

  private static double sample(float[] in, int from, int h, int w, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * at(in, from, h, w, x0, y0) + fx * at(in, from, h, w, x0 + 1, y0);
    double bottom =
        (1 - fx) * at(in, from, h, w, x0, y0 + 1) + fx * at(in, from, h, w, x0 + 1, y0 + 1);
    return (1 - fy) * top + fy * bottom;
  }

  private static double at(float[] in, int from, int h, int w, int x, int y) {
    return x < 0 || y < 0 || x >= w || y >= h ? 0 : in[from + y * w + x];
  }
}
