package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DepthwiseConvLayer}: finite-difference gradients in float64, the plain-loop reference on
 * random shapes (a full convolution with a block-diagonal weight), float32 (oneDNN's grouped
 * convolution) against float64 (libnd4j's depthwise op).
 */
class DepthwiseConvLayerTest {
  private static final DataType D = DataType.DOUBLE;

  private static DepthwiseConvLayer layer(
      int[] in, int multiplier, Window win, Activation a, boolean bias, DataType dtype) {
    DepthwiseConvLayer l =
        new DepthwiseConvLayer("dw", in, multiplier, win, a, bias, dtype, new Initializer(7));
    if (bias) {
      l.bias().assign(KernelGradientTest.input(99, l.bias().length()).muli(0.1));
    }
    return l;
  }

  private static void gradientCheck(DepthwiseConvLayer l, INDArray x) {
    GradientCheck.Report report =
        GradientCheck.checkKernel(l, x, true, null, GradientCheck.Options.DEFAULT);
    assertTrue(report.checked() > 0);
    report.assertPassed();
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void gradientsEveryActivation(Activation a) {
    DepthwiseConvLayer l = layer(new int[] {3, 5, 5}, 2, Window.square(3, 1, 1), a, true, D);
    gradientCheck(l, KernelGradientTest.input(2, 2, 3, 5, 5));
  }

  @Test
  void gradientsStridedRectangularWithoutBias() {
    Window win = new Window(2, 3, 2, 1, 1, 0, false);
    gradientCheck(layer(new int[] {2, 6, 5}, 3, win, Activation.TANH, false, D),
        KernelGradientTest.input(4, 2, 2, 6, 5));
  }

  @Test
  void gradientsStrideTwoPaddedWithBias() { // the MobileNet downsampling block
    DepthwiseConvLayer l =
        layer(new int[] {8, 6, 6}, 2, Window.square(3, 2, 1), Activation.TANH, true, D);
    gradientCheck(l, KernelGradientTest.input(5, 3, 8, 6, 6));
  }

  @Test
  void gradientsSameWithOddPadding() {
    Window win = new Window(4, 2, 3, 2, 0, 0, true);
    gradientCheck(layer(new int[] {2, 7, 6}, 1, win, Activation.LEAKY_RELU, true, D),
        KernelGradientTest.input(6, 2, 2, 7, 6));
  }

  /** The full-convolution weight {@code [C m, C, kh, kw]}: channel {@code f} reads {@code f / m}. */
  private static INDArray blockDiagonal(INDArray w, int c, int m) {
    INDArray full = Nd4j.zeros(DataType.DOUBLE, c * m, c, w.size(2), w.size(3));
    for (int f = 0; f < c * m; f++) {
      full.get(org.nd4j.linalg.indexing.NDArrayIndex.point(f),
              org.nd4j.linalg.indexing.NDArrayIndex.point(f / m))
          .assign(w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(f),
              org.nd4j.linalg.indexing.NDArrayIndex.point(0)).castTo(DataType.DOUBLE));
    }
    return full;
  }

  @ParameterizedTest
  @ValueSource(strings = {"DOUBLE", "FLOAT"})
  void matchesPlainLoopReferenceOnRandomShapes(String type) {
    DataType dtype = DataType.valueOf(type);
    SplittableRandom r = new SplittableRandom(13);
    int cases = 0;
    while (cases < 25) {
      int n = 1 + r.nextInt(3);
      int c = 1 + r.nextInt(4);
      int m = 1 + r.nextInt(3);
      int h = 3 + r.nextInt(8);
      int w = 3 + r.nextInt(8);
      int kh = 1 + r.nextInt(Math.min(4, h));
      int kw = 1 + r.nextInt(Math.min(4, w));
      boolean same = r.nextInt(3) == 0;
      Window win = new Window(kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3),
          same ? 0 : r.nextInt(kh + 1), same ? 0 : r.nextInt(kw + 1), same);
      if (win.outputHeight(h) < 1 || win.outputWidth(w) < 1) {
        continue;
      }
      DepthwiseConvLayer l;
      try {
        l = layer(new int[] {c, h, w}, m, win, Activation.IDENTITY, r.nextBoolean(), dtype);
      } catch (ShapeMismatchException e) { // a SAME window the ND4J backend cannot express
        continue;
      }
      cases++;
      INDArray x = KernelGradientTest.input(cases, n, c, h, w).castTo(dtype);
      INDArray expected = NaiveKernels.conv(x, blockDiagonal(l.weight(), c, m),
          l.bias() == null ? null : l.bias().castTo(DataType.DOUBLE), win);
      INDArray actual = l.forward(x, false).output();
      assertArrayEquals(new long[] {n, (long) c * m, win.outputHeight(h), win.outputWidth(w)},
          actual.shape());
      double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
      assertTrue(diff < (dtype == D ? 1e-10 : 1e-4),
          "depthwise x" + m + " " + win + " on " + c + "x" + h + "x" + w + ": " + diff);
    }
  }

  /**
   * float32 (oneDNN's grouped convolution, the activation fused) against float64 (libnd4j's
   * depthwise op): outputs, input gradients (or none, for a first layer), weight and bias
   * gradients, on strided, SAME and rectangular windows with each activation.
   */
  @ParameterizedTest
  @CsvSource({
    "3, 3, 2, 1, false, 2, RELU, true, true",
    "3, 3, 1, 0, true, 1, TANH, false, true",
    "1, 3, 1, 0, false, 3, LEAKY_RELU, true, false",
    "2, 2, 2, 0, true, 1, SIGMOID, true, true",
    "3, 3, 1, 1, false, 1, IDENTITY, false, false",
  })
  void floatAgreesWithDouble(int kh, int kw, int stride, int pad, boolean same, int multiplier,
      Activation a, boolean bias, boolean inputGradient) {
    Window win = new Window(kh, kw, stride, stride, pad, pad, same);
    int[] in = {4, 9, 8};
    DepthwiseConvLayer f = layer(in, multiplier, win, a, bias, DataType.FLOAT);
    DepthwiseConvLayer d = layer(in, multiplier, win, a, bias, D);
    assertTrue(OneDnn.available(), OneDnn.status());
    assertEquals(ConvLayer.Path.ONEDNN, f.path(), "float32: oneDNN's grouped convolution");
    assertEquals(ConvLayer.Path.NATIVE, d.path(), "float64: libnd4j");
    for (long n : new long[] {2, 4, 2}) {
      INDArray x = KernelGradientTest.input(n, n, 4, 9, 8);
      DepthwiseConvLayer.Saved sf = f.forward(x.castTo(DataType.FLOAT), true);
      DepthwiseConvLayer.Saved sd = d.forward(x, true);
      assertEquals(DataType.FLOAT, sf.output().dataType());
      close(sd.output(), sf.output(), "output");
      INDArray g = KernelGradientTest.input(n + 100, sd.output().shape());
      if (inputGradient) {
        close(d.backward(sd, g), f.backward(sf, g.castTo(DataType.FLOAT)), "input gradient");
      } else {
        d.backwardParameters(sd, g);
        f.backwardParameters(sf, g.castTo(DataType.FLOAT));
      }
      for (int i = 0; i < f.parameters().size(); i++) {
        close(d.parameters().get(i).gradient(), f.parameters().get(i).gradient(),
            f.parameters().get(i).name());
      }
    }
  }

  /** A window oneDNN is not asked about (padding as large as the kernel) stays on libnd4j. */
  @Test
  void anExtremeWindowTakesLibnd4jInFloatToo() {
    Window win = new Window(1, 1, 1, 1, 1, 1, false);
    int[] in = {2, 4, 4};
    DepthwiseConvLayer f = layer(in, 2, win, Activation.RELU, true, DataType.FLOAT);
    DepthwiseConvLayer d = layer(in, 2, win, Activation.RELU, true, D);
    assertEquals(ConvLayer.Path.NATIVE, f.path());
    INDArray x = KernelGradientTest.input(5, 2, 2, 4, 4);
    close(d.forward(x, false).output(), f.forward(x.castTo(DataType.FLOAT), false).output(),
        "output");
  }

  private static void close(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff < 1e-4 * scale, what + ": max difference " + diff);
  }

  /** A second backward on reused buffers sets the gradients again rather than adding to them. */
  @Test
  void repeatedBackwardSetsRatherThanAccumulates() {
    DepthwiseConvLayer l =
        layer(new int[] {3, 6, 6}, 2, Window.square(3, 1, 1), Activation.TANH, true, D);
    INDArray x = KernelGradientTest.input(3, 2, 3, 6, 6);
    DepthwiseConvLayer.Saved saved = l.forward(x, true);
    INDArray g = KernelGradientTest.input(4, saved.output().shape());
    INDArray dx = l.backward(saved, g).dup();
    INDArray dw = l.parameters().get(0).gradient().dup();
    INDArray db = l.parameters().get(1).gradient().dup();
    for (int i = 0; i < 2; i++) {
      saved = l.forward(x, true);
      assertEquals(dx, l.backward(saved, g), "input gradient, call " + (i + 2));
      assertEquals(dw, l.parameters().get(0).gradient(), "weight gradient, call " + (i + 2));
      assertEquals(db, l.parameters().get(1).gradient(), "bias gradient, call " + (i + 2));
    }
  }

  @Test
  void shapesAndParameterCount() {
    DepthwiseConvLayer l =
        layer(new int[] {3, 8, 8}, 2, Window.square(3, 2, 1), Activation.RELU, true, D);
    assertArrayEquals(new int[] {6, 4, 4}, l.outputShape());
    assertArrayEquals(new long[] {6, 1, 3, 3}, l.weight().shape());
    assertEquals(6 * 9 + 6, l.parameterCount());
    assertEquals("DepthwiseConv", l.kind());
  }

  @Test
  void badArgumentsAreShapeMismatches() {
    assertThrows(ShapeMismatchException.class, () -> layer(new int[] {3, 8, 8}, 0,
        Window.square(3, 1, 1), Activation.RELU, true, D));
    assertThrows(ShapeMismatchException.class, () -> layer(new int[] {3, 2, 2}, 1,
        Window.square(3, 1, 0), Activation.RELU, true, D));
    DepthwiseConvLayer l =
        layer(new int[] {3, 8, 8}, 1, Window.square(3, 1, 1), Activation.RELU, true, D);
    assertThrows(ShapeMismatchException.class,
        () -> l.forward(Nd4j.zeros(D, 2, 4, 8, 8), false));
  }
}
