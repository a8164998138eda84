package io.annet.runtime.layers;

import static io.annet.runtime.layers.ConcatLayerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Element-wise sums: a naive reference per activation, float64 gradient checks, bad shapes. */
class AddLayerTest {
  private static final DataType D = DataType.DOUBLE;

  private static INDArray in(long seed, long... shape) {
    return KernelGradientTest.input(seed, shape);
  }

  private static double f(Activation a, double z) {
    switch (a) {
      case RELU:
        return Math.max(0, z);
      case LEAKY_RELU:
        return z > 0 ? z : Activation.LEAKY_SLOPE * z;
      case TANH:
        return Math.tanh(z);
      case SIGMOID:
        return 1 / (1 + Math.exp(-z));
      default:
        return z;
    }
  }

  private static double derivative(Activation a, double z) {
    switch (a) {
      case RELU:
        return z > 0 ? 1 : 0;
      case LEAKY_RELU:
        return z > 0 ? 1 : Activation.LEAKY_SLOPE;
      case TANH:
        return 1 - Math.tanh(z) * Math.tanh(z);
      case SIGMOID:
        return f(a, z) * (1 - f(a, z));
      default:
        return 1;
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void matchesTheNaiveSumElementByElement(Activation activation) {
    AddLayer add =
        new AddLayer("sum", new int[][] {{2, 3, 4}, {2, 3, 4}, {2, 3, 4}}, activation, D);
    INDArray[] xs = {in(1, 2, 2, 3, 4), in(2, 2, 2, 3, 4), in(3, 2, 2, 3, 4)};
    INDArray dy = in(4, 2, 2, 3, 4);
    AddLayer.Saved s = add.forward(true, xs);
    INDArray[] dx = add.backward(s, dy);
    double tolerance = 1e-9; // libnd4j keeps the LEAKY_RELU slope as a float (~2e-8 relative)
    for (long i = 0; i < dy.length(); i++) {
      double z = xs[0].getDouble(i) + xs[1].getDouble(i) + xs[2].getDouble(i);
      assertEquals(z, s.preActivation().getDouble(i), 1e-12);
      assertEquals(f(activation, z), s.output().getDouble(i), tolerance);
      for (INDArray g : dx) {
        assertEquals(dy.getDouble(i) * derivative(activation, z), g.getDouble(i), tolerance);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void float64GradientCheckOfEveryInput(Activation activation) {
    AddLayer add = new AddLayer("sum", new int[][] {{2, 3, 3}, {2, 3, 3}}, activation, D);
    INDArray[] xs = {in(6, 2, 2, 3, 3), in(7, 2, 2, 3, 3)};
    GradientCheck.Report report =
        GradientCheck.checkMergeKernel(add, xs, true, GradientCheck.Options.DEFAULT);
    assertEquals(2 * 36, report.checked());
    report.assertPassed();
  }

  @Test
  void addsVectorsToo() {
    AddLayer add = new AddLayer("sum", new int[][] {{5}, {5}, {5}}, Activation.TANH, D);
    assertArrayEquals(new int[] {5}, add.outputShape());
    INDArray[] xs = {in(1, 3, 5), in(2, 3, 5), in(3, 3, 5)};
    GradientCheck.checkMergeKernel(add, xs, true, GradientCheck.Options.DEFAULT).assertPassed();
  }

  @Test
  void everyInputGetsItsOwnGradientArrayAndGradOutputIsLeftAlone() {
    AddLayer add = new AddLayer("sum", new int[][] {{4}, {4}}, Activation.IDENTITY, D);
    INDArray a = in(1, 2, 4);
    INDArray b = in(2, 2, 4);
    AddLayer.Saved s = add.forward(true, a, b);
    assertSame(s.preActivation(), s.output(), "IDENTITY: the sum is the output");
    INDArray dy = in(3, 2, 4);
    INDArray copy = dy.dup();
    INDArray[] dx = add.backward(s, dy);
    assertNotSame(dx[0], dx[1]);
    assertNotSame(dy, dx[0]);
    assertEquals(copy, dx[0]);
    assertEquals(copy, dx[1]);
    dx[0].addi(1.0);
    assertEquals(copy, dy);
    assertEquals(copy, dx[1]);
    INDArray[] again = add.backward(add.forward(true, a, b), dy);
    assertSame(dx[1], again[1], "same batch size: the gradient buffers are reused");
  }

  @Test
  void theInputsAreNotModified() {
    AddLayer add = new AddLayer("sum", new int[][] {{2, 2, 2}, {2, 2, 2}}, Activation.RELU, D);
    INDArray a = in(1, 3, 2, 2, 2);
    INDArray b = in(2, 3, 2, 2, 2);
    INDArray a0 = a.dup();
    INDArray b0 = b.dup();
    INDArray y = add.forward(false, a, b).output();
    assertEquals(a0, a);
    assertEquals(b0, b);
    assertTrue(y.minNumber().doubleValue() >= 0);
  }

  @Test
  void constructorRejectsShapesThatDoNotAgreeExactly() {
    assertMessage(
        ShapeMismatchException.class,
        "sum: an addition needs inputs of exactly equal shapes, found [64, 8, 8] (input 0) and"
            + " [32, 8, 8] (input 1)",
        () -> new AddLayer("sum", new int[][] {{64, 8, 8}, {32, 8, 8}}, Activation.RELU, D));
    assertMessage(
        ShapeMismatchException.class,
        "sum: an addition needs inputs of exactly equal shapes, found [4, 8, 8] (input 0) and"
            + " [256] (input 2)",
        () -> new AddLayer("sum", new int[][] {{4, 8, 8}, {4, 8, 8}, {256}}, Activation.RELU, D));
    assertMessage(
        ShapeMismatchException.class,
        "sum: an addition needs at least 2 inputs, found 1",
        () -> new AddLayer("sum", new int[][] {{4}}, Activation.RELU, D));
    assertMessage(
        ShapeMismatchException.class,
        "sum: an addition needs maps [C, H, W] or vectors [N], found [] (input 0)",
        () -> new AddLayer("sum", new int[][] {{}, {}}, Activation.RELU, D));
  }

  @Test
  void forwardAndBackwardNameTheExpectedAndTheFoundShapes() {
    AddLayer add = new AddLayer("sum", new int[][] {{4}, {4}}, Activation.RELU, D);
    assertMessage(
        ShapeMismatchException.class, "sum expects 2 inputs, found 1",
        () -> add.forward(false, in(1, 2, 4)));
    assertMessage(
        ShapeMismatchException.class,
        "sum expects one batch size N for all inputs, found N = 2 (input 0) and N = 3 (input 1)",
        () -> add.forward(false, in(1, 2, 4), in(2, 3, 4)));
    assertMessage(
        ShapeMismatchException.class, "sum expects input 1 [N, 4], found [2, 5]",
        () -> add.forward(false, in(1, 2, 4), in(2, 2, 5)));
    assertMessage(
        DataTypeMismatchException.class, "sum expects input 0 of type DOUBLE, found FLOAT",
        () -> add.forward(false, in(1, 2, 4).castTo(DataType.FLOAT), in(2, 2, 4)));
    AddLayer.Saved s = add.forward(true, in(1, 2, 4), in(2, 2, 4));
    assertMessage(
        ShapeMismatchException.class,
        "sum expects a gradient of its output's shape [2, 4], found [3, 4]",
        () -> add.backward(s, in(3, 3, 4)));
  }

  @Test
  void inTheNetworksStepTheInputsShareOneGradientComputedOverTheOutputsWhenAllowed() {
    DataType f = DataType.FLOAT;
    AddLayer add = new AddLayer("s", new int[][] {{16, 2, 2}, {16, 2, 2}}, Activation.RELU, f);
    INDArray a = in(1, 2, 16, 2, 2).castTo(f);
    INDArray b = in(2, 2, 16, 2, 2).castTo(f);
    INDArray dy = in(3, 2, 16, 2, 2).castTo(f);
    AddLayer.Saved saved = add.forward(true, a, b);
    INDArray expected = add.backward(saved, dy)[0].dup(); // outside a step: copies
    assertNotSame(add.backward(saved, dy)[0], add.backward(saved, dy)[1]);
    BlockedLayout scope = new BlockedLayout();
    add.markBlocked(scope, true, true);
    scope.activate(true);
    INDArray[] shared = add.backward(saved, dy);
    assertSame(shared[0], shared[1]);
    assertNotSame(dy, shared[0], "not allowed to write over the output's gradient");
    assertEquals(expected, shared[0]);
    add.allowOverwritingOutputGradient(true);
    INDArray over = dy.dup();
    INDArray[] inPlace = add.backward(saved, over);
    assertSame(over, inPlace[0]);
    assertSame(over, inPlace[1]);
    assertEquals(expected, over);
    scope.activate(false);
    assertNotSame(over, add.backward(saved, over)[0], "outside the step: buffers of its own");
  }

  @Test
  void inTheNetworksStepTheSumAndItsReluAreOnePass() {
    DataType f = DataType.FLOAT;
    AddLayer add = new AddLayer("s", new int[][] {{16, 3, 2}, {16, 3, 2}}, Activation.RELU, f);
    INDArray a = in(4, 3, 16, 3, 2).castTo(f);
    INDArray b = in(5, 3, 16, 3, 2).castTo(f);
    AddLayer.Saved apart = add.forward(true, a, b);
    INDArray expected = apart.output().dup();
    assertNotSame(apart.preActivation(), apart.output());
    BlockedLayout scope = new BlockedLayout();
    add.markBlocked(scope, true, true);
    scope.activate(true);
    AddLayer.Saved fused = add.forward(true, a, b);
    assertSame(fused.output(), fused.preActivation(), "no separate sum");
    assertEquals(expected, fused.output());
    INDArray dy = in(6, 3, 16, 3, 2).castTo(f);
    assertEquals(dy.mul(expected.gt(0).castTo(f)), add.backward(fused, dy)[1]);
  }
}
