package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ND4J convolution and pooling kernels agree with the plain-loop reference on random cases. */
class ReferenceComparisonTest {
  private static final int CASES = 40;

  /** A random window that fits an input of {@code h x w}: rectangular, strided, padded or SAME. */
  private static Window randomWindow(SplittableRandom r, int h, int w, boolean pooling) {
    while (true) {
      int kh = 1 + r.nextInt(Math.min(4, h));
      int kw = 1 + r.nextInt(Math.min(4, w));
      int sh = 1 + r.nextInt(3);
      int sw = 1 + r.nextInt(3);
      boolean same = r.nextInt(3) == 0;
      // pooling needs padding < kernel so that no window is all padding
      int ph = same ? 0 : r.nextInt(pooling ? kh : kh + 1);
      int pw = same ? 0 : r.nextInt(pooling ? kw : kw + 1);
      Window win = new Window(kh, kw, sh, sw, ph, pw, same);
      if (win.outputHeight(h) >= 1 && win.outputWidth(w) >= 1 && !unsupported(win, h, w)) {
        return win;
      }
    }
  }

  /** The one SAME case the backend cannot express (see NativeOps.resolve), tested apart. */
  private static boolean unsupported(Window win, int h, int w) {
    try {
      NativeOps.resolve("x", win, h, w);
      return false;
    } catch (ShapeMismatchException e) {
      return true;
    }
  }

  @Test
  void sameWindowBackendCannotExpressIsRejected() {
    Window win = new Window(2, 1, 2, 3, 0, 0, true); // H: total 1 (odd); W: kernel 1, stride 3
    ShapeMismatchException e =
        assertThrows(
            ShapeMismatchException.class,
            () -> new MaxPoolLayer("pool", new int[] {1, 5, 9}, win, DataType.FLOAT));
    assertTrue(e.getMessage().startsWith("pool: SAME window 2x1/2x3 SAME on 5x9"), e.getMessage());
  }

  @Test
  void sameWindowWithKernelSmallerThanStride() {
    Window win = new Window(1, 2, 3, 4, 0, 0, true); // libnd4j alone would shift these windows
    INDArray x = random(new SplittableRandom(5), DataType.DOUBLE, 2, 3, 7, 9);
    assertClose(NaiveKernels.pool(x, win, true),
        new MaxPoolLayer("p", new int[] {3, 7, 9}, win, DataType.DOUBLE).forward(x, false)
            .output(), DataType.DOUBLE, "max pool " + win);
    ConvLayer conv = new ConvLayer("c", new int[] {3, 7, 9}, 2, win, Activation.IDENTITY, false,
        DataType.DOUBLE, new Initializer(1));
    assertClose(NaiveKernels.conv(x, conv.weight(), null, win), conv.forward(x, false).output(),
        DataType.DOUBLE, "conv " + win);
  }

  private static INDArray random(SplittableRandom r, DataType dtype, long... shape) {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    double[] v = new double[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextDouble() - 1;
    }
    return Nd4j.create(v, shape, 'c').castTo(dtype);
  }

  private static double tolerance(DataType dtype) {
    return dtype == DataType.DOUBLE ? 1e-10 : 1e-4;
  }

  private static void assertClose(INDArray expected, INDArray actual, DataType dtype, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double diff =
        expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber()
            .doubleValue();
    assertTrue(diff < tolerance(dtype), what + ": max difference " + diff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DOUBLE", "FLOAT"})
  void convolutionMatchesReference(String type) {
    DataType dtype = DataType.valueOf(type);
    SplittableRandom r = new SplittableRandom(11);
    for (int k = 0; k < CASES; k++) {
      int n = 1 + r.nextInt(3);
      int c = 1 + r.nextInt(4);
      int h = 3 + r.nextInt(8);
      int w = 3 + r.nextInt(8);
      Window win = randomWindow(r, h, w, false);
      boolean bias = r.nextBoolean();
      ConvLayer conv =
          new ConvLayer(
              "conv", new int[] {c, h, w}, 1 + r.nextInt(5), win, Activation.IDENTITY, bias,
              dtype, new Initializer(k));
      if (bias) {
        conv.bias().assign(random(r, dtype, conv.bias().length()));
      }
      INDArray x = random(r, dtype, n, c, h, w);
      INDArray expected = NaiveKernels.conv(x, conv.weight(), conv.bias(), win);
      String at = "conv " + win + " on " + h + "x" + w;
      assertClose(expected, conv.forward(x, false).output(), dtype, at);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"DOUBLE", "FLOAT"})
  void poolingMatchesReference(String type) {
    DataType dtype = DataType.valueOf(type);
    SplittableRandom r = new SplittableRandom(12);
    for (int k = 0; k < CASES; k++) {
      int n = 1 + r.nextInt(3);
      int c = 1 + r.nextInt(4);
      int h = 2 + r.nextInt(9);
      int w = 2 + r.nextInt(9);
      Window win = randomWindow(r, h, w, true);
      INDArray x = random(r, dtype, n, c, h, w);
      int[] shape = {c, h, w};
      String at = win + " on " + h + "x" + w;
      assertClose(
          NaiveKernels.pool(x, win, true),
          new MaxPoolLayer("max", shape, win, dtype).forward(x, false).output(), dtype,
          "max pool " + at);
      assertClose(
          NaiveKernels.pool(x, win, false),
          new AvgPoolLayer("avg", shape, win, dtype).forward(x, false).output(), dtype,
          "avg pool " + at);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"DOUBLE", "FLOAT"})
  void globalPoolingMatchesReference(String type) {
    DataType dtype = DataType.valueOf(type);
    SplittableRandom r = new SplittableRandom(13);
    INDArray x = random(r, dtype, 3, 4, 5, 6);
    Window whole = new Window(5, 6, 1, 1, 0, 0, false);
    int[] shape = {4, 5, 6};
    assertClose(
        NaiveKernels.pool(x, whole, false).reshape(3, 4),
        new GlobalAvgPoolLayer("gap", shape, dtype).forward(x, false).output(), dtype, "gap");
    assertClose(
        NaiveKernels.pool(x, whole, true).reshape(3, 4),
        new GlobalMaxPoolLayer("gmp", shape, dtype).forward(x, false).output(), dtype, "gmp");
  }
}
