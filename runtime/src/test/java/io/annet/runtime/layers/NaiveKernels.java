package io.annet.runtime.layers;

import io.annet.dsl.Window;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Plain-loop reference implementations of convolution and pooling, written for clarity only. */
final class NaiveKernels {
  private NaiveKernels() {}

  /** Top (or left) padding: explicit, or half the SAME total with the odd one below/right. */
  static int padBefore(int in, int kernel, int stride, int padding, boolean same) {
    return same ? Window.samePaddingTotal(in, kernel, stride) / 2 : padding;
  }

  /** {@code y[n,f,i,j] = b[f] + sum_{c,u,v} w[f,c,u,v] x[n,c,i*sh-ph+u, j*sw-pw+v]}. */
  static INDArray conv(INDArray x, INDArray w, INDArray b, Window win) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int f = (int) w.size(0);
    int oh = win.outputHeight(h);
    int ow = win.outputWidth(wd);
    int ph = padBefore(h, win.kernelHeight(), win.strideHeight(), win.paddingHeight(), win.same());
    int pw = padBefore(wd, win.kernelWidth(), win.strideWidth(), win.paddingWidth(), win.same());
    double[] xs = x.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    double[] ws = w.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    double[] out = new double[n * f * oh * ow];
    for (int in = 0; in < n; in++) {
      for (int fo = 0; fo < f; fo++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = b == null ? 0 : b.getDouble(fo);
            for (int ci = 0; ci < c; ci++) {
              for (int u = 0; u < win.kernelHeight(); u++) {
                for (int v = 0; v < win.kernelWidth(); v++) {
                  int r = i * win.strideHeight() - ph + u;
                  int q = j * win.strideWidth() - pw + v;
                  if (r >= 0 && r < h && q >= 0 && q < wd) {
                    double xv = xs[((in * c + ci) * h + r) * wd + q];
                    int wi = ((fo * c + ci) * win.kernelHeight() + u) * win.kernelWidth() + v;
                    double wv = ws[wi];
                    s += xv * wv;
                  }
                }
              }
            }
            out[((in * f + fo) * oh + i) * ow + j] = s;
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {n, f, oh, ow}, 'c');
  }

  /** Max or mean (over the real cells only) of each window. */
  static INDArray pool(INDArray x, Window win, boolean max) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int oh = win.outputHeight(h);
    int ow = win.outputWidth(wd);
    int ph = padBefore(h, win.kernelHeight(), win.strideHeight(), win.paddingHeight(), win.same());
    int pw = padBefore(wd, win.kernelWidth(), win.strideWidth(), win.paddingWidth(), win.same());
    double[] xs = x.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    double[] out = new double[n * c * oh * ow];
    for (int in = 0; in < n; in++) {
      for (int ci = 0; ci < c; ci++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double best = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int u = 0; u < win.kernelHeight(); u++) {
              for (int v = 0; v < win.kernelWidth(); v++) {
                int r = i * win.strideHeight() - ph + u;
                int q = j * win.strideWidth() - pw + v;
                if (r >= 0 && r < h && q >= 0 && q < wd) {
                  double xv = xs[((in * c + ci) * h + r) * wd + q];
                  best = Math.max(best, xv);
                  sum += xv;
                  count++;
                }
              }
            }
            out[((in * c + ci) * oh + i) * ow + j] = max ? best : sum / count;
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {n, c, oh, ow}, 'c');
  }
}
