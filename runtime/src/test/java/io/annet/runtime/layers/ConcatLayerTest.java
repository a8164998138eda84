package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.ShapeMismatchException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Channel concatenation: a naive reference, float64 gradient checks, buffers, bad shapes. */
class ConcatLayerTest {
  private static final DataType D = DataType.DOUBLE;

  private static INDArray in(long seed, long... shape) {
    return KernelGradientTest.input(seed, shape);
  }

  /** The concatenation by loops: output channel {@code off_i + c} is input i's channel c. */
  static INDArray naiveConcat(INDArray... xs) {
    long n = xs[0].size(0);
    long h = xs[0].size(2);
    long w = xs[0].size(3);
    long channels = 0;
    for (INDArray x : xs) {
      channels += x.size(1);
    }
    INDArray y = Nd4j.zeros(xs[0].dataType(), n, channels, h, w);
    long offset = 0;
    for (INDArray x : xs) {
      for (long e = 0; e < n; e++) {
        for (long c = 0; c < x.size(1); c++) {
          for (long i = 0; i < h; i++) {
            for (long j = 0; j < w; j++) {
              y.putScalar(new long[] {e, offset + c, i, j}, x.getDouble(e, c, i, j));
            }
          }
        }
      }
      offset += x.size(1);
    }
    return y;
  }

  @Test
  void matchesTheNaiveConcatenationAndSplitsTheGradientOnRandomShapes() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 25; trial++) {
      int k = 2 + r.nextInt(3);
      int h = 1 + r.nextInt(5);
      int w = 1 + r.nextInt(5);
      long n = 1 + r.nextInt(3);
      int[][] shapes = new int[k][];
      INDArray[] xs = new INDArray[k];
      for (int i = 0; i < k; i++) {
        shapes[i] = new int[] {1 + r.nextInt(4), h, w};
        xs[i] = in(100 * trial + i, n, shapes[i][0], h, w);
      }
      ConcatLayer concat = new ConcatLayer("cat", shapes, D);
      ConcatLayer.Saved s = concat.forward(true, xs);
      INDArray expected = naiveConcat(xs);
      assertEquals(expected, s.output(), "trial " + trial);
      assertArrayEquals(new int[] {(int) expected.size(1), h, w}, concat.outputShape());
      INDArray dy = in(7 + trial, expected.shape());
      INDArray[] dx = concat.backward(s, dy);
      assertEquals(k, dx.length);
      assertEquals(dy, naiveConcat(dx), "the input gradients are the slices of dy");
      for (int i = 0; i < k; i++) {
        assertArrayEquals(xs[i].shape(), dx[i].shape());
      }
    }
  }

  @Test
  void float64GradientCheckOfEveryInput() {
    ConcatLayer concat = new ConcatLayer("mixed", new int[][] {{2, 3, 4}, {1, 3, 4}, {3, 3, 4}}, D);
    INDArray[] xs = {in(1, 2, 2, 3, 4), in(2, 2, 1, 3, 4), in(3, 2, 3, 3, 4)};
    GradientCheck.Report report =
        GradientCheck.checkMergeKernel(concat, xs, true, GradientCheck.Options.DEFAULT);
    assertEquals(2 * 6 * 12, report.checked());
    report.assertPassed();
  }

  @Test
  void stridedAndFortranOrderInputsGiveTheSameOutput() {
    ConcatLayer concat = new ConcatLayer("cat", new int[][] {{2, 3, 3}, {1, 3, 3}}, D);
    INDArray a = in(1, 2, 2, 3, 3);
    INDArray b = in(2, 2, 1, 3, 3);
    INDArray expected = naiveConcat(a, b);
    INDArray wide = in(3, 2, 4, 3, 3); // a view of channels 1..2 is not contiguous
    INDArray view =
        wide.get(
            NDArrayIndex.all(), NDArrayIndex.interval(1, 3), NDArrayIndex.all(),
            NDArrayIndex.all());
    view.assign(a);
    assertEquals(expected, concat.forward(false, view, b.dup('f')).output());
  }

  @Test
  void reusesItsBuffersPerBatchSizeAndNeverAliasesTheGradientItWasGiven() {
    ConcatLayer concat = new ConcatLayer("cat", new int[][] {{1, 2, 2}, {2, 2, 2}}, D);
    ConcatLayer.Saved first = concat.forward(false, in(1, 2, 1, 2, 2), in(2, 2, 2, 2, 2));
    INDArray y = first.output();
    ConcatLayer.Saved second = concat.forward(false, in(3, 2, 1, 2, 2), in(4, 2, 2, 2, 2));
    assertSame(y, second.output(), "same batch size: the output buffer is reused");
    ConcatLayer.Saved third = concat.forward(false, in(5, 3, 1, 2, 2), in(6, 3, 2, 2, 2));
    assertEquals(3, third.output().size(0));
    INDArray dy = in(7, 3, 3, 2, 2);
    INDArray copy = dy.dup();
    INDArray[] dx = concat.backward(third, dy);
    assertEquals(copy, dy, "backward leaves gradOutput untouched");
    assertNotSame(dx[0], dx[1]);
    dx[0].addi(1.0);
    assertEquals(copy, dy, "an input gradient is not a view of gradOutput");
  }

  @Test
  void constructorRejectsWhatCannotBeConcatenated() {
    assertMessage(
        ShapeMismatchException.class,
        "mixed: a concatenation needs maps of equal height and width, found [2, 3, 4] (input 0)"
            + " and [1, 3, 5] (input 1)",
        () -> new ConcatLayer("mixed", new int[][] {{2, 3, 4}, {1, 3, 5}}, D));
    assertMessage(
        ShapeMismatchException.class,
        "mixed: a concatenation needs at least 2 inputs, found 1",
        () -> new ConcatLayer("mixed", new int[][] {{2, 3, 4}}, D));
    assertMessage(
        ShapeMismatchException.class,
        "mixed: a concatenation needs maps [C, H, W], found [8] (input 1)",
        () -> new ConcatLayer("mixed", new int[][] {{2, 3, 4}, {8}}, D));
    assertMessage(
        ShapeMismatchException.class,
        "mixed: a concatenation needs maps [C, H, W], found [0, 3, 4] (input 0)",
        () -> new ConcatLayer("mixed", new int[][] {{0, 3, 4}, {1, 3, 4}}, D));
  }

  @Test
  void forwardAndBackwardNameTheExpectedAndTheFoundShapes() {
    ConcatLayer concat = new ConcatLayer("mixed", new int[][] {{2, 3, 4}, {1, 3, 4}}, D);
    INDArray a = in(1, 2, 2, 3, 4);
    INDArray b = in(2, 2, 1, 3, 4);
    assertMessage(
        ShapeMismatchException.class, "mixed expects 2 inputs, found 1",
        () -> concat.forward(false, a));
    assertMessage(
        ShapeMismatchException.class,
        "mixed expects input 1 [N, 1, 3, 4], found [2, 2, 3, 4]",
        () -> concat.forward(false, a, a));
    assertMessage(
        ShapeMismatchException.class,
        "mixed expects one batch size N for all inputs, found N = 2 (input 0) and N = 3"
            + " (input 1)",
        () -> concat.forward(false, a, in(3, 3, 1, 3, 4)));
    assertMessage(
        ShapeMismatchException.class, "mixed expects input 0 [N, 2, 3, 4], found null",
        () -> concat.forward(false, null, b));
    assertMessage(
        DataTypeMismatchException.class,
        "mixed expects input 1 of type DOUBLE, found FLOAT",
        () -> concat.forward(false, a, b.castTo(DataType.FLOAT)));
    ConcatLayer.Saved s = concat.forward(true, a, b);
    assertMessage(
        ShapeMismatchException.class,
        "mixed expects a gradient of its output's shape [2, 3, 3, 4], found [2, 2, 3, 4]",
        () -> concat.backward(s, a));
  }

  @Test
  void float32MatchesFloat64() {
    ConcatLayer c64 = new ConcatLayer("cat", new int[][] {{2, 2, 3}, {3, 2, 3}}, D);
    ConcatLayer c32 = new ConcatLayer("cat", new int[][] {{2, 2, 3}, {3, 2, 3}}, DataType.FLOAT);
    INDArray a = in(1, 2, 2, 2, 3);
    INDArray b = in(2, 2, 3, 2, 3);
    INDArray y32 = c32.forward(false, a.castTo(DataType.FLOAT), b.castTo(DataType.FLOAT)).output();
    assertEquals(DataType.FLOAT, y32.dataType());
    assertTrue(c64.forward(false, a, b).output().equalsWithEps(y32.castTo(D), 1e-6));
  }

  static void assertMessage(
      Class<? extends AnnetException> type, String message, Executable call) {
    AnnetException e = assertThrows(type, call);
    assertEquals(message, e.getMessage());
  }
}
