package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each GEMM path of a 1x1 convolution (per example, batched) computes what libnd4j's conv2d and
 * conv2d_bp compute, on small and large maps, several batch sizes in a row (the batched path's
 * scratch buffers are resized), with and without bias; and each layer gets the path its shape
 * calls for.
 */
class ConvPathTest {
  private static ConvLayer conv(ConvLayer.Path path, DataType dtype, int[] in, int filters,
      boolean bias) {
    return new ConvLayer("c", "Conv", in, filters, Window.square(1, 1, 0), Activation.LEAKY_RELU,
        bias, dtype, new Initializer(11), path);
  }

  private static void close(INDArray expected, INDArray found, double tolerance, String what) {
    assertArrayEquals(expected.shape(), found.shape(), what);
    double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
    double diff = expected.sub(found).amaxNumber().doubleValue();
    assertTrue(diff <= tolerance * scale, what + ": max difference " + diff);
  }

  @ParameterizedTest
  @CsvSource({
    "GEMM_BATCHED, DOUBLE, 6, 7, 7, 5",
    "GEMM_BATCHED, FLOAT, 6, 7, 7, 5",
    "GEMM_BATCHED, DOUBLE, 3, 5, 9, 1",
    "GEMM_PER_EXAMPLE, DOUBLE, 6, 7, 7, 5",
    "GEMM_PER_EXAMPLE, FLOAT, 4, 32, 33, 3"
  })
  void gemmPathMatchesConv2d(String path, String type, int c, int h, int w, int filters) {
    DataType dtype = DataType.valueOf(type);
    double tolerance = dtype == DataType.DOUBLE ? 1e-12 : 1e-5;
    int[] in = {c, h, w};
    for (boolean bias : new boolean[] {true, false}) {
      ConvLayer fast = conv(ConvLayer.Path.valueOf(path), dtype, in, filters, bias);
      ConvLayer slow = conv(ConvLayer.Path.NATIVE, dtype, in, filters, bias);
      assertEquals(path, fast.path().name());
      if (bias) {
        INDArray b = KernelGradientTest.input(2, filters).castTo(dtype);
        fast.bias().assign(b);
        slow.bias().assign(b);
      }
      for (long n : new long[] {4, 1, 4}) { // a batch size change, then back
        INDArray x = KernelGradientTest.input(n + 3, n, c, h, w).castTo(dtype);
        ConvLayer.Saved sf = fast.forward(x, true);
        ConvLayer.Saved ss = slow.forward(x, true);
        close(ss.output(), sf.output(), tolerance, "output");
        INDArray g = KernelGradientTest.input(n + 9, n, filters, h, w).castTo(dtype);
        close(slow.backward(ss, g), fast.backward(sf, g), tolerance, "input gradient");
        for (int i = 0; i < slow.parameters().size(); i++) {
          close(slow.parameters().get(i).gradient(), fast.parameters().get(i).gradient(),
              tolerance * 10, slow.parameters().get(i).name() + " gradient");
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1, 0, 7, DOUBLE, GEMM_BATCHED",
    "1, 0, 31, DOUBLE, GEMM_BATCHED",
    "1, 0, 32, DOUBLE, GEMM_PER_EXAMPLE",
    "1, 0, 40, DOUBLE, GEMM_PER_EXAMPLE",
    "3, 1, 7, DOUBLE, NATIVE",
    "1, 1, 7, DOUBLE, NATIVE",
    "1, 0, 7, FLOAT, ONEDNN",
    "3, 1, 7, FLOAT, ONEDNN"
  })
  void pathFollowsTheShapeAndType(int kernel, int padding, int size, String type,
      String expected) {
    ConvLayer layer = new ConvLayer("c", new int[] {2, size, size}, 3,
        Window.square(kernel, 1, padding), Activation.RELU, true, DataType.valueOf(type),
        new Initializer(1));
    assertTrue(OneDnn.available(), OneDnn.status());
    assertEquals(expected, layer.path().name());
  }

  @ParameterizedTest
  @CsvSource({"GEMM_BATCHED", "GEMM_PER_EXAMPLE"})
  void gemmPathOnAThreeByThreeIsRefused(String path) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConvLayer("c3", "Conv", new int[] {2, 7, 7}, 3, Window.square(3, 1, 1),
            Activation.RELU, true, DataType.FLOAT, new Initializer(1),
            ConvLayer.Path.valueOf(path)));
    assertTrue(e.getMessage().contains("c3") && e.getMessage().contains("1x1"), e.getMessage());
  }
}
