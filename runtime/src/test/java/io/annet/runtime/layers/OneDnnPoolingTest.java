package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 oneDNN pooling and activations compute what the double-precision libnd4j paths
 * (covered by the finite-difference checks) compute: max and average pooling with strides,
 * explicit and SAME padding (the mean excluding padded cells), global pooling, and every
 * activation's forward and backward, over batch sizes that change and come back.
 */
class OneDnnPoolingTest {
  private static void close(INDArray expected, INDArray found, String what) {
    assertArrayEquals(expected.shape(), found.shape(), what);
    INDArray e = expected.castTo(DataType.DOUBLE);
    double scale = Math.max(1.0, e.amaxNumber().doubleValue());
    double diff = e.sub(found.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff);
  }

  @ParameterizedTest
  @CsvSource({
    // max, c, h, w, kh, kw, sh, sw, ph, pw, same
    "true, 3, 8, 8, 2, 2, 2, 2, 0, 0, false",
    "true, 2, 9, 9, 3, 3, 2, 2, 0, 0, false",
    "true, 2, 7, 9, 3, 3, 1, 2, 1, 1, false",
    "true, 2, 9, 8, 3, 2, 2, 2, 0, 0, true",
    "false, 3, 8, 8, 2, 2, 2, 2, 0, 0, false",
    "false, 2, 15, 15, 3, 3, 2, 2, 0, 0, false",
    "false, 2, 7, 9, 3, 3, 1, 1, 1, 1, false",
    "false, 2, 9, 8, 3, 2, 2, 2, 0, 0, true",
    // found by the long fuzz run: oneDNN refuses this descriptor; the layer falls back to libnd4j
    "false, 2, 8, 8, 3, 2, 2147483647, 2147483647, 1, 1, false",
    "true, 2, 8, 8, 3, 2, 2147483647, 2147483647, 1, 1, false",
    // found by the long fuzz run: oneDNN took over a minute to build this one; left to libnd4j
    "false, 2, 2, 10, 1073741824, 1073741824, 2, 2, 0, 0, true"
  })
  void poolingMatchesTheDoublePrecisionLibnd4jPath(boolean max, int c, int h, int w, int kh,
      int kw, int sh, int sw, int ph, int pw, boolean same) {
    Window window = new Window(kh, kw, sh, sw, ph, pw, same);
    int[] in = {c, h, w};
    Pooling fast = new Pooling("p", max, in, window, DataType.FLOAT);
    Pooling slow = new Pooling("p", max, in, window, DataType.DOUBLE);
    for (long n : new long[] {3, 1, 3}) {
      INDArray x = KernelGradientTest.input(n + 1, n, c, h, w);
      INDArray[] f = fast.forward(x.castTo(DataType.FLOAT));
      INDArray[] s = slow.forward(x);
      close(s[1], f[1], "output");
      INDArray g = KernelGradientTest.input(n + 5, s[1].shape());
      close(slow.backward(s[0], s[1], g), fast.backward(f[0], f[1], g.castTo(DataType.FLOAT)),
          "input gradient");
    }
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void globalPoolingMatches(boolean max) {
    int[] in = {4, 7, 5};
    for (long n : new long[] {2, 1}) {
      INDArray x = KernelGradientTest.input(n, n, 4, 7, 5);
      INDArray g = KernelGradientTest.input(n + 2, n, 4);
      if (max) {
        GlobalMaxPoolLayer fast = new GlobalMaxPoolLayer("g", in, DataType.FLOAT);
        GlobalMaxPoolLayer slow = new GlobalMaxPoolLayer("g", in, DataType.DOUBLE);
        GlobalMaxPoolLayer.Saved f = fast.forward(x.castTo(DataType.FLOAT), true);
        GlobalMaxPoolLayer.Saved s = slow.forward(x, true);
        close(s.output(), f.output(), "output");
        close(slow.backward(s, g), fast.backward(f, g.castTo(DataType.FLOAT)), "input gradient");
      } else {
        GlobalAvgPoolLayer fast = new GlobalAvgPoolLayer("g", in, DataType.FLOAT);
        GlobalAvgPoolLayer slow = new GlobalAvgPoolLayer("g", in, DataType.DOUBLE);
        GlobalAvgPoolLayer.Saved f = fast.forward(x.castTo(DataType.FLOAT), true);
        GlobalAvgPoolLayer.Saved s = slow.forward(x, true);
        close(s.output(), f.output(), "output");
        close(slow.backward(s, g), fast.backward(f, g.castTo(DataType.FLOAT)), "input gradient");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void activationsMatch(Activation activation) {
    Window window = Window.square(3, 1, 1);
    ConvLayer fast = new ConvLayer("c", "Conv", new int[] {2, 6, 6}, 3, window, activation, true,
        DataType.FLOAT, new Initializer(3), ConvLayer.Path.ONEDNN);
    ConvLayer slow = new ConvLayer("c", "Conv", new int[] {2, 6, 6}, 3, window, activation, true,
        DataType.DOUBLE, new Initializer(3), ConvLayer.Path.NATIVE);
    fast.weight().assign(slow.weight());
    fast.bias().assign(KernelGradientTest.input(9, 3));
    slow.bias().assign(KernelGradientTest.input(9, 3));
    for (long n : new long[] {2, 3}) {
      INDArray x = KernelGradientTest.input(n, n, 2, 6, 6);
      ConvLayer.Saved f = fast.forward(x.castTo(DataType.FLOAT), true);
      ConvLayer.Saved s = slow.forward(x, true);
      close(s.output(), f.output(), activation + " output");
      INDArray g = KernelGradientTest.input(n + 4, n, 3, 6, 6);
      close(slow.backward(s, g), fast.backward(f, g.castTo(DataType.FLOAT)),
          activation + " input gradient");
      close(slow.parameters().get(0).gradient(), fast.parameters().get(0).gradient(),
          activation + " weight gradient");
    }
  }
}
