package io.annet.runtime.data;

/** How a picture of another size is fitted to the network's {@code H x W}. */
public enum ResizePolicy {
  /**
   * Scale so that the picture covers {@code H x W} (its shorter side, relative to the target's
   * aspect, fits exactly), then cut the centre: nothing is distorted, the edges of the longer side
   * are lost. The default.
   */
  CENTRE_CROP,
  /** Scale width and height independently to {@code W} and {@code H}: nothing is lost, shapes are
   * distorted when the aspect ratios differ. */
  STRETCH;

  /**
   * The rectangle {@code {x0, y0, width, height}} of a {@code w x h} picture, in pixels, that is
   * scaled to {@code targetW x targetH}.
   */
  double[] sourceRect(int w, int h, int targetW, int targetH) {
    if (this == STRETCH) {
      return new double[] {0, 0, w, h};
    }
    double scale = Math.max(targetW / (double) w, targetH / (double) h);
    double cw = Math.min(w, targetW / scale);
    double ch = Math.min(h, targetH / scale);
    return new double[] {(w - cw) / 2, (h - ch) / 2, cw, ch};
  }
}
