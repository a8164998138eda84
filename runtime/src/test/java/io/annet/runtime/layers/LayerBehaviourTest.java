package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.LabelException;
import io.annet.runtime.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Layer metadata, the shape checks of kernels, and the semantics the gradient check cannot see. */
class LayerBehaviourTest {
  private static final DataType D = DataType.DOUBLE;

  @Test
  void metadataFollowsTheShapeRules() {
    ConvLayer conv = new ConvLayer("conv1", new int[] {3, 32, 32}, 16,
        new Window(5, 3, 2, 1, 2, 1, false), Activation.RELU, true, D, new Initializer(1));
    assertEquals("Conv", conv.kind());
    assertArrayEquals(new int[] {16, 16, 32}, conv.outputShape());
    assertEquals(16 * 3 * 5 * 3 + 16, conv.parameterCount());
    MlpConvLayer block = new MlpConvLayer("block", new int[] {3, 32, 32}, new int[] {8, 6, 10},
        new Window(3, 3, 2, 2, 0, 0, true), Activation.RELU, D, new Initializer(1));
    assertEquals("MlpConv", block.kind());
    assertArrayEquals(new int[] {10, 16, 16}, block.outputShape());
    assertEquals((8 * 27 + 8) + (6 * 8 + 6) + (10 * 6 + 10), block.parameterCount());
    assertEquals("block.2.bias", block.parameters().get(5).name());
    assertArrayEquals(new int[] {3, 15, 15},
        new MaxPoolLayer("p", new int[] {3, 32, 32}, Window.square(3, 2, 0), D).outputShape());
    assertArrayEquals(new int[] {3}, new GlobalAvgPoolLayer("g", new int[] {3, 5, 5}, D)
        .outputShape());
    assertArrayEquals(new int[] {75}, new FlattenLayer("f", new int[] {3, 5, 5}, D).outputShape());
    DenseLayer dense = new DenseLayer("fc", new int[] {10, 1, 1}, 4, Activation.IDENTITY, false, D,
        new Initializer(1));
    assertEquals(40, dense.parameterCount());
    assertArrayEquals(new long[] {4, 10}, dense.weight().shape());
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {6, 2, 2}, 0.9, 1e-5, D);
    assertEquals(12, bn.parameterCount());
    assertEquals(4, bn.parameters().size());
    assertTrue(!bn.parameters().get(2).trainable() && !bn.parameters().get(3).trainable());
  }

  @Test
  void constructorsRejectWindowsThatDoNotFit() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> new MaxPoolLayer("pool3", new int[] {64, 2, 2}, Window.square(3, 2, 0), D));
    assertEquals("pool3: window 3x3/2 pad 0 does not fit the input [64, 2, 2]", e.getMessage());
    assertThrows(ShapeMismatchException.class, () -> new DenseLayer("fc", new int[] {3, 2, 2}, 4,
        Activation.RELU, true, D, new Initializer(1)));
  }

  @Test
  void kernelsRejectWrongInputsWithTheirShape() {
    ConvLayer conv = new ConvLayer("conv1", new int[] {1, 28, 28}, 4, Window.square(3, 1, 1),
        Activation.RELU, true, DataType.FLOAT, new Initializer(1));
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> conv.forward(Nd4j.zeros(DataType.FLOAT, 64, 28, 28), false));
    assertEquals("conv1 expects input [N, 1, 28, 28], found [64, 28, 28]", e.getMessage());
    ConvLayer.Saved s = conv.forward(Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28), true);
    assertThrows(ShapeMismatchException.class,
        () -> conv.backward(s, Nd4j.zeros(DataType.FLOAT, 2, 4, 28, 27)));
  }

  @Test
  void softmaxLossIsStableForHugeLogits() {
    SoftmaxLayer softmax = new SoftmaxLayer("probs", new int[] {3}, DataType.FLOAT);
    INDArray z = Nd4j.create(new double[][] {{1000, -1000, 0}, {-500, 500, 499}})
        .castTo(DataType.FLOAT);
    SoftmaxLayer.Saved s = softmax.forward(z, true);
    INDArray y = Nd4j.create(new double[][] {{0, 1, 0}, {0, 0, 1}}).castTo(DataType.FLOAT);
    // row 0: lse = 1000, loss 2000; row 1: lse = 500 + log(1 + e^-1), loss = 1 + log(1 + e^-1)
    double expected = (2000 + 1 + Math.log1p(Math.exp(-1))) / 2;
    assertEquals(expected, softmax.loss(s, y), 1e-3);
    INDArray grad = softmax.backwardFromLabels(s, y);
    INDArray expectedGrad = s.output().sub(y).divi(2);
    assertTrue(expectedGrad.equalsWithEps(grad, 1e-7));
    assertTrue(Double.isFinite(grad.sumNumber().doubleValue()));
    assertThrows(LabelException.class,
        () -> softmax.loss(s, Nd4j.zeros(DataType.FLOAT, 2, 4)));
  }

  @Test
  void softmaxLossMatchesMinusLogProbability() {
    SoftmaxLayer softmax = new SoftmaxLayer("probs", new int[] {4}, D);
    INDArray z = KernelGradientTest.input(1, 5, 4).muli(3);
    SoftmaxLayer.Saved s = softmax.forward(z, true);
    INDArray y = Nd4j.zeros(D, 5, 4);
    double expected = 0;
    for (int n = 0; n < 5; n++) {
      y.putScalar(n, n % 4, 1.0);
      expected -= Math.log(s.output().getDouble(n, n % 4));
    }
    assertEquals(expected / 5, softmax.loss(s, y), 1e-12);
    assertTrue(s.output().sum(1).equalsWithEps(Nd4j.ones(D, 5), 1e-12));
  }

  @Test
  void batchNormUpdatesRunningStatisticsAndUsesThemInInference() {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {2}, 0.9, 1e-5, D);
    INDArray x = Nd4j.create(new double[][] {{1, 10}, {3, 20}, {5, 30}});
    bn.forward(x, true);
    // batch mean (3, 20), unbiased variance (4, 100)
    assertTrue(bn.runningMean().equalsWithEps(Nd4j.create(new double[] {0.3, 2.0}), 1e-12));
    assertTrue(bn.runningVariance().equalsWithEps(
        Nd4j.create(new double[] {0.9 + 0.4, 0.9 + 10.0}), 1e-12));
    INDArray train = bn.forward(x, true).output();
    assertTrue(train.mean(0).equalsWithEps(Nd4j.zeros(D, 2), 1e-9));
    bn.runningMean().assign(Nd4j.create(new double[] {1, 2}));
    bn.runningVariance().assign(Nd4j.create(new double[] {4, 16}));
    INDArray inference = bn.forward(Nd4j.create(new double[][] {{3, 6}}), false).output();
    assertTrue(inference.equalsWithEps(Nd4j.create(new double[][] {{1, 1}}), 1e-5));
  }

  @Test
  void dropoutMaskIsSeededScaledAndIdentityWhenOff() {
    DropoutLayer a = new DropoutLayer("drop", new int[] {1000}, 0.3, D, new Initializer(9));
    DropoutLayer b = new DropoutLayer("drop", new int[] {1000}, 0.3, D, new Initializer(9));
    INDArray x = Nd4j.ones(D, 4, 1000);
    INDArray ya = a.forward(x, true).output().dup();
    INDArray yb = b.forward(x, true).output();
    assertEquals(ya, yb);
    double kept = ya.gt(0).castTo(D).meanNumber().doubleValue();
    assertEquals(0.7, kept, 0.03);
    assertEquals(1 / 0.7, ya.maxNumber().doubleValue(), 1e-12);
    assertEquals(1.0, ya.meanNumber().doubleValue(), 0.05);
    DropoutLayer.Saved s = a.forward(x, true);
    INDArray g = a.backward(s, Nd4j.ones(D, 4, 1000));
    assertEquals(s.output(), g); // dy = 1, so dx is the mask itself, like the output for x = 1
    assertSame(x, a.forward(x, false).output());
    DropoutLayer off = new DropoutLayer("drop", new int[] {1000}, 0.0, D, new Initializer(9));
    assertSame(x, off.forward(x, true).output());
  }
}
