package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The GEMM path of 1x1 convolutions computes what libnd4j's conv2d and conv2d_bp compute. */
class PointwiseConvTest {
  private static ConvLayer conv(DataType dtype, boolean pointwise, boolean bias, Window window) {
    return new ConvLayer("c", "Conv", new int[] {5, 6, 7}, 4, window, Activation.RELU, bias,
        dtype, new Initializer(3), pointwise);
  }

  private static void close(INDArray a, INDArray b, double tolerance, String what) {
    assertArrayEquals(a.shape(), b.shape(), what);
    double diff = a.sub(b).amaxNumber().doubleValue();
    assertTrue(diff < tolerance, what + ": max difference " + diff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DOUBLE", "FLOAT"})
  void pointwiseMatchesConv2d(String type) {
    DataType dtype = DataType.valueOf(type);
    double tolerance = dtype == DataType.DOUBLE ? 1e-12 : 1e-5;
    Window same = new Window(1, 1, 1, 1, 0, 0, true);
    for (Window window : new Window[] {Window.square(1, 1, 0), same}) {
      for (boolean bias : new boolean[] {true, false}) {
        ConvLayer fast = conv(dtype, true, bias, window);
        ConvLayer slow = conv(dtype, false, bias, window);
        if (bias) {
          INDArray b = KernelGradientTest.input(1, 4).castTo(dtype);
          fast.bias().assign(b);
          slow.bias().assign(b);
        }
        for (long n : new long[] {3, 1}) {
          INDArray x = KernelGradientTest.input(n, n, 5, 6, 7).castTo(dtype);
          ConvLayer.Saved sf = fast.forward(x, true);
          ConvLayer.Saved ss = slow.forward(x, true);
          close(ss.output(), sf.output(), tolerance, "output");
          INDArray g = KernelGradientTest.input(n + 7, n, 4, 6, 7).castTo(dtype);
          close(slow.backward(ss, g), fast.backward(sf, g), tolerance, "input gradient");
          close(slow.parameters().get(0).gradient(), fast.parameters().get(0).gradient(),
              tolerance * 10, "weight gradient");
          if (bias) {
            close(slow.parameters().get(1).gradient(), fast.parameters().get(1).gradient(),
                tolerance * 10, "bias gradient");
          }
        }
      }
    }
  }
}
