package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A node's gradient summed over its consumers: the right sum, no aliasing, no allocation. */
class GradientSumTest {
  private static final DataType D = DataType.DOUBLE;

  private static long created(Runnable step) {
    long before = Nd4j.getDeallocatorService().nextValue();
    step.run();
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }

  @Test
  void sumsIntoItsOwnBufferAndLeavesTheContributionsAlone() {
    GradientSum sum = new GradientSum("stem", new int[] {2, 3, 3}, D);
    INDArray a = Nd4j.rand(D, 4, 2, 3, 3);
    INDArray b = Nd4j.rand(D, 4, 2, 3, 3);
    INDArray c = Nd4j.rand(D, 4, 2, 3, 3);
    INDArray a0 = a.dup();
    INDArray b0 = b.dup();
    INDArray total = sum.first(a);
    assertNotSame(a, total);
    assertSame(total, sum.add(b));
    assertSame(total, sum.add(c));
    assertEquals(a.add(b).addi(c), total);
    assertEquals(a0, a);
    assertEquals(b0, b);
    assertEquals(a, sum.first(a), "first starts again");
  }

  @Test
  void aStepCreatesNothingOnceTheBatchSizeIsKnown() {
    GradientSum sum = new GradientSum("mixed.0.out", new int[] {8}, DataType.FLOAT);
    INDArray[] grads = new INDArray[4];
    for (int i = 0; i < grads.length; i++) {
      grads[i] = Nd4j.rand(DataType.FLOAT, 5, 8); // fresh arrays from different consumers
    }
    Runnable step = () -> {
      sum.first(grads[0]);
      for (int i = 1; i < grads.length; i++) {
        sum.add(grads[i]);
      }
    };
    step.run();
    assertEquals(0, created(step));
    // the generated form this replaces: a fresh array and an op context per step
    assertTrue(created(() -> grads[0].dup().addi(grads[1])) > 0);
  }

  @Test
  void badGradientsNameTheExpectedShape() {
    GradientSum sum = new GradientSum("sum1", new int[] {4, 3, 3}, D);
    assertEquals("sum1: add before first",
        assertThrows(IllegalStateException.class, () -> sum.add(Nd4j.zeros(D, 2, 4, 3, 3)))
            .getMessage());
    assertEquals("sum1 expects gradient [N, 4, 3, 3], found [2, 4, 3]",
        assertThrows(ShapeMismatchException.class, () -> sum.first(Nd4j.zeros(D, 2, 4, 3)))
            .getMessage());
    sum.first(Nd4j.zeros(D, 2, 4, 3, 3));
    assertEquals("sum1 expects a gradient [2, 4, 3, 3] like the first, found [3, 4, 3, 3]",
        assertThrows(ShapeMismatchException.class, () -> sum.add(Nd4j.zeros(D, 3, 4, 3, 3)))
            .getMessage());
    assertThrows(DataTypeMismatchException.class,
        () -> sum.add(Nd4j.zeros(DataType.FLOAT, 2, 4, 3, 3)));
  }
}
