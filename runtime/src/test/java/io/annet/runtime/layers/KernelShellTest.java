package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.annet.dsl.Activation;
import io.annet.dsl.Layer;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shell {@link KernelBase} writes once says for every kernel kind what each kernel said
 * itself before (name, kind, output shape, parameter count and names, {@code toString}), and
 * {@link Backend#ready} swaps a refusing backend for its fallback for good.
 */
class KernelShellTest {
  private static final DataType D = DataType.DOUBLE;

  private static void shell(Layer layer, String kind, int[] out, long count, String text) {
    assertEquals(kind, layer.kind());
    assertArrayEquals(out, layer.outputShape());
    assertEquals(count, layer.parameterCount());
    assertEquals(text, layer.toString());
  }

  private static List<String> names(List<Parameter> parameters) {
    return parameters.stream().map(Parameter::name).toList();
  }

  @Test
  void everyKernelKindDescribesItselfAsBefore() {
    Initializer init = new Initializer(1);
    Window w = Window.square(3, 1, 1);
    ConvLayer conv = new ConvLayer("c", new int[] {2, 5, 5}, 4, w, Activation.RELU, true, D, init);
    shell(conv, "Conv", new int[] {4, 5, 5}, 4 * 2 * 9 + 4,
        "c @Conv " + w + " [2, 5, 5] -> [4, 5, 5]");
    assertEquals(List.of("c.weight", "c.bias"), names(conv.parameters()));
    assertSame(conv.weight(), conv.parameters().get(0).value());
    assertArrayEquals(conv.weight().shape(), conv.parameters().get(0).gradient().shape());
    MlpConvLayer mlp = new MlpConvLayer("m", new int[] {2, 5, 5}, new int[] {3, 2}, w,
        Activation.RELU, D, init);
    shell(mlp, "MlpConv", new int[] {2, 5, 5}, 3 * 2 * 9 + 3 + 2 * 3 + 2,
        "m @MlpConv " + w + " [2, 5, 5] -> [2, 5, 5]");
    assertEquals(List.of("m.0.weight", "m.0.bias", "m.1.weight", "m.1.bias"),
        names(mlp.parameters()));
    Window p = Window.square(2, 2, 0);
    shell(new MaxPoolLayer("p", new int[] {3, 4, 4}, p, D), "MaxPool", new int[] {3, 2, 2}, 0,
        "p @MaxPool " + p + " [3, 4, 4] -> [3, 2, 2]");
    shell(new AvgPoolLayer("a", new int[] {3, 4, 4}, p, D), "AvgPool", new int[] {3, 2, 2}, 0,
        "a @AvgPool " + p + " [3, 4, 4] -> [3, 2, 2]");
    shell(new GlobalAvgPoolLayer("g", new int[] {3, 4, 4}, D), "GlobalAvgPool", new int[] {3},
        0, "g @GlobalAvgPool [3, 4, 4] -> [3]");
    shell(new GlobalMaxPoolLayer("h", new int[] {3, 4, 4}, D), "GlobalMaxPool", new int[] {3},
        0, "h @GlobalMaxPool [3, 4, 4] -> [3]");
    shell(new FlattenLayer("f", new int[] {3, 4, 4}, D), "Flatten", new int[] {48}, 0,
        "f @Flatten [3, 4, 4] -> [48]");
    DenseLayer dense = new DenseLayer("d", new int[] {6, 1, 1}, 5, Activation.TANH, false, D,
        init);
    shell(dense, "Dense", new int[] {5}, 30, "d @Dense [6, 1, 1] -> [5]");
    assertEquals(List.of("d.weight"), names(dense.parameters()));
    shell(new DropoutLayer("r", new int[] {7}, 0.25, D, init), "Dropout", new int[] {7}, 0,
        "r @Dropout(0.25) [7]");
    shell(new SoftmaxLayer("s", new int[] {10}, D), "Softmax", new int[] {10}, 0,
        "s @Softmax [10]");
    BatchNormLayer bn = new BatchNormLayer("b", new int[] {3, 4, 4}, 0.9, 1e-5,
        Activation.RELU, D);
    shell(bn, "BatchNorm", new int[] {3, 4, 4}, 6,
        "b @BatchNorm(activation = RELU) [3, 4, 4]");
    assertEquals(List.of("b.gamma", "b.beta", "b.mean", "b.var"), names(bn.parameters()));
    assertEquals(null, bn.parameters().get(2).gradient());
    shell(new BatchNormLayer("n", new int[] {3}, 0.9, 1e-5, D), "BatchNorm", new int[] {3}, 6,
        "n @BatchNorm [3]");
    int[][] two = {{3, 4, 4}, {3, 4, 4}};
    AddLayer add = new AddLayer("x", two, Activation.IDENTITY, D);
    shell(add, "Add", new int[] {3, 4, 4}, 0, "x @Add(IDENTITY) 2 x [3, 4, 4] -> [3, 4, 4]");
    assertArrayEquals(two, add.inputShapes());
    ConcatLayer concat = new ConcatLayer("k", new int[][] {{3, 4, 4}, {2, 4, 4}}, D);
    shell(concat, "Concat", new int[] {5, 4, 4}, 0, "k @Concat [3, 4, 4] + [2, 4, 4] -> [5, 4, 4]");
  }

  /** A backend that refuses every shape, or computes with its name. */
  private record Fake(String name, Fake fallback) implements Backend<Fake> {
    @Override
    public void prepare(INDArray batch, boolean backward) {
      if (fallback != null) {
        throw new OneDnn.Unsupported("fake", new RuntimeException("refused"));
      }
    }
  }

  @Test
  void aRefusalSwapsTheBackendForItsFallbackAndAnAcceptedShapeKeepsIt() {
    INDArray batch = Nd4j.zeros(D, 2, 3);
    Fake plain = new Fake("libnd4j", null);
    Fake refusing = new Fake("onednn", plain);
    assertSame(plain, Backend.ready(refusing, batch, false));
    assertSame(plain, Backend.ready(plain, batch, true));
  }
}
