package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 oneDNN path computes what the double-precision libnd4j path computes (the one the
 * finite-difference checks cover): outputs, input gradients and parameter gradients, for kernels,
 * strides, explicit and SAME paddings (odd totals included), non-square maps, one and three input
 * channels, with and without bias, and batch sizes that change and come back.
 */
class OneDnnConvTest {
  private static ConvLayer conv(ConvLayer.Path path, DataType dtype, int[] in, int filters,
      Window window, boolean bias) {
    return new ConvLayer("c", "Conv", in, filters, window, Activation.RELU, bias, dtype,
        new Initializer(5), path);
  }

  /** Max difference relative to the larger of 1 and the reference's largest magnitude. */
  private static void close(INDArray expected, INDArray found, String what) {
    assertArrayEquals(expected.shape(), found.shape(), what);
    INDArray e = expected.castTo(DataType.DOUBLE);
    double scale = Math.max(1.0, e.amaxNumber().doubleValue());
    double diff = e.sub(found.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " (scale " + scale + ")");
  }

  @ParameterizedTest
  @CsvSource({
    // c, h, w, filters, kh, kw, sh, sw, ph, pw, same
    "3, 8, 8, 5, 5, 5, 1, 1, 2, 2, false",
    "1, 9, 7, 4, 3, 3, 1, 1, 1, 1, false",
    "4, 9, 9, 6, 3, 3, 2, 2, 0, 0, false",
    "4, 10, 10, 3, 3, 3, 2, 2, 0, 0, false",
    "5, 7, 7, 8, 1, 1, 1, 1, 0, 0, false",
    "3, 8, 6, 4, 3, 2, 1, 2, 1, 0, false",
    "2, 8, 8, 3, 3, 3, 2, 2, 0, 0, true",
    "128, 7, 7, 128, 3, 3, 1, 1, 1, 1, false", // Winograd (WINOGRAD_MIN_CHANNELS)
    "2, 7, 9, 3, 4, 2, 1, 1, 0, 0, true",
    "2, 9, 9, 3, 2, 2, 3, 3, 0, 0, true",
    "2, 8, 8, 3, 3, 2, 2147483647, 2147483647, 1, 1, false",
    // found by the long fuzz run: libnd4j's own oneDNN aborted the JVM on it (an assertion)
    "1, 2, 3, 3, 2, 2, 2, 2147483647, 2, 2, false"
  })
  void matchesTheDoublePrecisionLibnd4jPath(int c, int h, int w, int filters, int kh, int kw,
      int sh, int sw, int ph, int pw, boolean same) {
    Window window = new Window(kh, kw, sh, sw, ph, pw, same);
    int[] in = {c, h, w};
    for (boolean bias : new boolean[] {true, false}) {
      ConvLayer fast = conv(ConvLayer.Path.ONEDNN, DataType.FLOAT, in, filters, window, bias);
      ConvLayer slow = conv(ConvLayer.Path.NATIVE, DataType.DOUBLE, in, filters, window, bias);
      boolean refused = Math.max(sh, sw) == Integer.MAX_VALUE; // oneDNN may refuse: libnd4j
      assertTrue(fast.path().name().equals("ONEDNN") || refused, fast.path().name());
      fast.weight().assign(slow.weight());
      if (bias) {
        INDArray b = KernelGradientTest.input(2, filters);
        fast.bias().assign(b);
        slow.bias().assign(b);
      }
      int[] out = fast.outputShape();
      for (long n : new long[] {4, 1, 4}) {
        INDArray x = KernelGradientTest.input(n + 3, n, c, h, w);
        ConvLayer.Saved sf = fast.forward(x.castTo(DataType.FLOAT), true);
        ConvLayer.Saved ss = slow.forward(x, true);
        close(ss.output(), sf.output(), "output");
        INDArray g = KernelGradientTest.input(n + 9, n, out[0], out[1], out[2]);
        close(slow.backward(ss, g), fast.backward(sf, g.castTo(DataType.FLOAT)), "input gradient");
        for (int i = 0; i < slow.parameters().size(); i++) {
          close(slow.parameters().get(i).gradient(), fast.parameters().get(i).gradient(),
              slow.parameters().get(i).name() + " gradient, batch " + n);
        }
      }
    }
  }

  @Test
  void wide3x3ConvolutionsComputeByWinogradNarrowOnesDirectly() {
    Window window = Window.square(3, 1, 1);
    for (int channels : new int[] {OneDnnConv.WINOGRAD_MIN_CHANNELS, 64}) {
      OneDnnConv conv = new OneDnnConv(new int[] {channels, 7, 7}, channels, window, true,
          Activation.RELU, null);
      INDArray x = KernelGradientTest.input(1, 2, channels, 7, 7).castTo(DataType.FLOAT);
      INDArray w = KernelGradientTest.input(2, channels, channels, 3, 3).castTo(DataType.FLOAT);
      INDArray b = KernelGradientTest.input(3, channels).castTo(DataType.FLOAT);
      conv.forward(x, w, b, x.ulike());
      assertEquals(channels >= OneDnnConv.WINOGRAD_MIN_CHANNELS, conv.winograd(), "" + channels);
    }
  }

  @Test
  void backwardDataReadsTheForwardsWeightsUnlessGivenAnotherArray() {
    // Winograd's passes share one weight format; a direct 5x5 and a 1x1 reorder the forward's
    for (int[] c : new int[][] {{128, 3}, {32, 5}, {32, 1}}) {
      int channels = c[0];
      Window window = Window.square(c[1], 1, c[1] / 2);
      OneDnnConv conv = new OneDnnConv(new int[] {channels, 7, 7}, channels, window, true,
          Activation.RELU, null);
      OneDnnConv fresh = new OneDnnConv(new int[] {channels, 7, 7}, channels, window, true,
          Activation.RELU, null);
      INDArray x = KernelGradientTest.input(1, 2, channels, 7, 7).castTo(DataType.FLOAT);
      INDArray w = KernelGradientTest.input(2, channels, channels, c[1], c[1])
          .castTo(DataType.FLOAT);
      INDArray other = KernelGradientTest.input(5, channels, channels, c[1], c[1])
          .castTo(DataType.FLOAT);
      INDArray b = KernelGradientTest.input(3, channels).castTo(DataType.FLOAT);
      INDArray dz = KernelGradientTest.input(4, 2, channels, 7, 7).castTo(DataType.FLOAT);
      INDArray[] found = backward(conv, x, w, b, dz, w);
      assertEquals(c[0] >= OneDnnConv.WINOGRAD_MIN_CHANNELS, conv.sharesForwardWeights());
      INDArray[] reference = backward(fresh, x, w, b, dz, w.dup());
      assertEquals(reference[0], found[0], channels + " channels, " + c[1] + "x" + c[1]);
      assertEquals(reference[1], found[1]);
      // a backward given another weight array than its forward's reads that array
      INDArray[] withOther = backward(conv, x, w, b, dz, other);
      close(backward(fresh, x, other, b, dz, other)[0], withOther[0], "other weights");
    }
  }

  /** Forward with {@code w}, then backward with {@code backwardWeights}: {dx, dw}. */
  private static INDArray[] backward(OneDnnConv conv, INDArray x, INDArray w, INDArray b,
      INDArray dz, INDArray backwardWeights) {
    conv.forward(x, w, b, dz.ulike());
    INDArray dx = x.ulike();
    INDArray dw = w.ulike();
    conv.backward(x, backwardWeights, b, dz, dx, dw, b.ulike());
    return new INDArray[] {dx, dw};
  }

  @Test
  void backwardParametersSetsTheSameGradientsWithoutAnInputGradient() {
    Window window = Window.square(5, 1, 2);
    ConvLayer full = conv(ConvLayer.Path.ONEDNN, DataType.FLOAT, new int[] {3, 8, 8}, 4, window,
        true);
    ConvLayer first = conv(ConvLayer.Path.ONEDNN, DataType.FLOAT, new int[] {3, 8, 8}, 4, window,
        true);
    INDArray x = KernelGradientTest.input(1, 2, 3, 8, 8).castTo(DataType.FLOAT);
    INDArray g = KernelGradientTest.input(2, 2, 4, 8, 8).castTo(DataType.FLOAT);
    full.backward(full.forward(x, true), g);
    first.backwardParameters(first.forward(x, true), g);
    for (int i = 0; i < full.parameters().size(); i++) {
      assertEquals(full.parameters().get(i).gradient(), first.parameters().get(i).gradient());
    }
  }

  @Test
  void onlyOrdinaryWindowsAreHandedToOneDnn() {
    assertTrue(OneDnn.ordinary(Window.square(3, 1, 1), 28, 28));
    assertTrue(OneDnn.ordinary(Window.square(5, 1, 2), 32, 32));
    assertTrue(OneDnn.ordinary(Window.square(1, 1, 0), 7, 7));
    assertTrue(OneDnn.ordinary(new Window(3, 3, 2, 2, 0, 0, true), 15, 15));
    assertTrue(!OneDnn.ordinary(new Window(1 << 30, 1 << 30, 2, 2, 0, 0, true), 2, 10));
    assertTrue(!OneDnn.ordinary(new Window(2, 2, 2, Integer.MAX_VALUE, 2, 2, false), 2, 3));
    assertTrue(!OneDnn.ordinary(Window.square(1, 1, 1), 7, 7), "padding as long as the kernel");
    ConvLayer extreme = new ConvLayer("c", new int[] {1, 2, 3}, 3,
        new Window(2, 2, 2, Integer.MAX_VALUE, 2, 2, false), Activation.RELU, true,
        DataType.FLOAT, new Initializer(1));
    assertEquals("NATIVE", extreme.path().name());
  }

  @Test
  void backwardReadsItsOwnInputAfterAnotherForward() {
    Window window = Window.square(3, 1, 1);
    int[] in = {16, 6, 6}; // 16 channels: oneDNN reorders the input into a blocked layout
    ConvLayer reused = new ConvLayer("c", "Conv", in, 16, window, Activation.IDENTITY, true,
        DataType.FLOAT, new Initializer(8), ConvLayer.Path.ONEDNN);
    ConvLayer fresh = new ConvLayer("c", "Conv", in, 16, window, Activation.IDENTITY, true,
        DataType.FLOAT, new Initializer(8), ConvLayer.Path.ONEDNN);
    INDArray x1 = KernelGradientTest.input(1, 2, 16, 6, 6).castTo(DataType.FLOAT);
    INDArray x2 = KernelGradientTest.input(2, 2, 16, 6, 6).castTo(DataType.FLOAT);
    INDArray g = KernelGradientTest.input(3, 2, 16, 6, 6).castTo(DataType.FLOAT);
    ConvLayer.Saved first = reused.forward(x1, true);
    reused.forward(x2, true); // the plan's copy of the input now holds x2
    reused.backward(first, g);
    fresh.backward(fresh.forward(x1, true), g);
    assertEquals(fresh.parameters().get(0).gradient(), reused.parameters().get(0).gradient());
  }

  @Test
  void aViewWithAnOffsetIsReadFromItsOwnFirstElement() {
    Window window = Window.square(3, 1, 1);
    ConvLayer layer = conv(ConvLayer.Path.ONEDNN, DataType.FLOAT, new int[] {2, 5, 5}, 3, window,
        true);
    INDArray batch = KernelGradientTest.input(4, 3, 2, 5, 5).castTo(DataType.FLOAT);
    INDArray last = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 3));
    assertTrue(last.offset() > 0);
    INDArray fromView = layer.forward(last, false).output().dup();
    INDArray fromCopy = layer.forward(last.dup(), false).output();
    assertEquals(fromCopy, fromView);
  }
}
