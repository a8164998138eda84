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
      Pooling.Result<Object[]> saved = (input, output, workspace) ->
          new Object[] {input, output, workspace};
      Object[] f = fast.forward(x.castTo(DataType.FLOAT), saved);
      Object[] s = slow.forward(x, saved);
      close((INDArray) s[1], (INDArray) f[1], "output");
      INDArray g = KernelGradientTest.input(n + 5, ((INDArray) s[1]).shape());
      close(slow.backward((INDArray) s[0], (INDArray) s[1], (long) s[2], g),
          fast.backward((INDArray) f[0], (INDArray) f[1], (long) f[2], g.castTo(DataType.FLOAT)),
          "input gradient");
    }
  }

  @ParameterizedTest
  @CsvSource({"2, 2, 2, 0, 8, 8", "3, 3, 2, 1, 9, 9", "5, 5, 1, 2, 6, 6"})
  void twoForwardsThenTheirBackwardsInReverseOrderMatchTheDoublePrecisionPath(int kh, int kw,
      int stride, int pad, int h, int w) {
    assertTrue(OneDnn.available(), OneDnn.status()); // else both sides run libnd4j
    Window window = new Window(kh, kw, stride, stride, pad, pad, false);
    int[] in = {3, h, w};
    MaxPoolLayer fast = new MaxPoolLayer("p", in, window, DataType.FLOAT);
    MaxPoolLayer slow = new MaxPoolLayer("p", in, window, DataType.DOUBLE);
    INDArray x1 = KernelGradientTest.input(11, 2, 3, h, w);
    INDArray x2 = KernelGradientTest.input(12, 2, 3, h, w); // the arg-max cells differ from x1's
    INDArray g1 = KernelGradientTest.input(13, 2, 3, window.outputHeight(h), window.outputWidth(w));
    INDArray g2 = KernelGradientTest.input(14, g1.shape());
    INDArray expected1 = slow.backward(slow.forward(x1, true), g1).dup();
    INDArray expected2 = slow.backward(slow.forward(x2, true), g2).dup();
    MaxPoolLayer.Saved first = fast.forward(x1.castTo(DataType.FLOAT), true);
    MaxPoolLayer.Saved second = fast.forward(x2.castTo(DataType.FLOAT), true);
    close(expected2, fast.backward(second, g2.castTo(DataType.FLOAT)), "second's gradient");
    close(expected1, fast.backward(first, g1.castTo(DataType.FLOAT)), "first's gradient");
    close(expected2, fast.backward(second, g2.castTo(DataType.FLOAT)), "second's again");
    GlobalMaxPoolLayer global = new GlobalMaxPoolLayer("g", in, DataType.FLOAT);
    GlobalMaxPoolLayer reference = new GlobalMaxPoolLayer("g", in, DataType.DOUBLE);
    INDArray gg = KernelGradientTest.input(15, 2, 3);
    INDArray globalExpected = reference.backward(reference.forward(x1, true), gg).dup();
    GlobalMaxPoolLayer.Saved firstGlobal = global.forward(x1.castTo(DataType.FLOAT), true);
    global.forward(x2.castTo(DataType.FLOAT), true);
    close(globalExpected, global.backward(firstGlobal, gg.castTo(DataType.FLOAT)),
        "global pooling's first gradient");
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
