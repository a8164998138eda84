package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.Parameter;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 kernels (oneDNN where it applies) compute what the float64 kernels checked by {@link
 * KernelGradientTest} compute: outputs, input gradients and parameter gradients, over two batch
 * sizes so that the reused buffers are reallocated.
 */
class FloatPathTest {
  private static <S extends Forward> void compare(
      Function<DataType, Kernel<S>> factory, long... inputShape) {
    Kernel<S> f = factory.apply(DataType.FLOAT);
    Kernel<S> d = factory.apply(DataType.DOUBLE);
    for (long n : new long[] {inputShape[0], inputShape[0] + 2, inputShape[0]}) {
      long[] shape = inputShape.clone();
      shape[0] = n;
      INDArray x = KernelGradientTest.input(n, shape);
      S sf = f.forward(x.castTo(DataType.FLOAT), true);
      S sd = d.forward(x, true);
      assertEquals(DataType.FLOAT, sf.output().dataType());
      close(sd.output(), sf.output(), f.name() + " output");
      INDArray g = KernelGradientTest.input(n + 100, sd.output().shape());
      INDArray gf = f.backward(sf, g.castTo(DataType.FLOAT));
      INDArray gd = d.backward(sd, g);
      assertArrayEquals(x.shape(), gf.shape());
      close(gd, gf, f.name() + " input gradient");
      List<Parameter> pf = f.parameters();
      List<Parameter> pd = d.parameters();
      for (int i = 0; i < pf.size(); i++) {
        if (pf.get(i).trainable()) {
          close(pd.get(i).gradient(), pf.get(i).gradient(), pf.get(i).name() + " gradient");
        }
      }
    }
  }

  private static void close(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff < 1e-4 * scale, what + ": max difference " + diff);
  }

  @Test
  void convAndMlpConv() {
    compare(t -> new ConvLayer("conv", new int[] {3, 8, 8}, 4, Window.square(3, 1, 1),
        Activation.RELU, true, t, new Initializer(1)), 2, 3, 8, 8);
    compare(t -> new ConvLayer("conv", new int[] {3, 9, 7}, 4, new Window(3, 2, 2, 2, 0, 0, true),
        Activation.LEAKY_RELU, false, t, new Initializer(1)), 2, 3, 9, 7);
    compare(t -> new MlpConvLayer("block", new int[] {3, 8, 8}, new int[] {6, 5, 4},
        Window.square(5, 1, 2), Activation.RELU, t, new Initializer(2)), 2, 3, 8, 8);
  }

  @Test
  void pooling() {
    compare(t -> new MaxPoolLayer("max", new int[] {3, 8, 8}, Window.square(3, 2, 1), t),
        2, 3, 8, 8);
    compare(t -> new AvgPoolLayer("avg", new int[] {3, 8, 8}, Window.square(3, 2, 1), t),
        2, 3, 8, 8);
    compare(t -> new GlobalAvgPoolLayer("gap", new int[] {3, 5, 5}, t), 2, 3, 5, 5);
    compare(t -> new GlobalMaxPoolLayer("gmp", new int[] {3, 5, 5}, t), 2, 3, 5, 5);
  }

  @Test
  void vectorLayers() {
    compare(t -> new FlattenLayer("flat", new int[] {3, 2, 2}, t), 2, 3, 2, 2);
    compare(t -> new DenseLayer("dense", new int[] {12}, 5, Activation.SIGMOID, true, t,
        new Initializer(3)), 2, 12);
    compare(t -> new BatchNormLayer("bn", new int[] {3, 4, 4}, 0.9, 1e-5, t), 4, 3, 4, 4);
    compare(t -> new BatchNormLayer("bn", new int[] {7}, 0.9, 1e-5, t), 4, 7);
    compare(t -> new SoftmaxLayer("probs", new int[] {6}, t), 3, 6);
  }
}
