package io.annet.runtime.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.api.buffer.DataType.DOUBLE;
import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.annet.dsl.Activation;
import io.annet.runtime.Initializer;
import io.annet.runtime.layers.AddLayer;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConcatLayer;
import io.annet.runtime.layers.DropoutLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training-mode layers besides the convolution chain, batch normalisation (statistics, running
 * averages, its gradient, a fused activation), dropout (a fresh mask every step), channel
 * concatenation and addition, create no native object per training forward and backward once the
 * buffers for the batch size exist, while still computing: the mask changes between steps, the
 * running statistics move, the merges' gradients equal their definitions.
 *
 * <p>The count is {@link SteadyStateAllocationTest}'s: ND4J draws one id from {@code
 * Nd4j.getDeallocatorService().nextValue()} per data buffer (views included) and per op context.
 */
class TrainingLayersAllocationTest {
  private static final int STEPS = 3;

  static long created(Runnable step) {
    long before = Nd4j.getDeallocatorService().nextValue();
    step.run();
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }

  /** Runs {@code step} once to warm up, then asserts that {@link #STEPS} more create nothing. */
  static void assertSteadyStateAllocatesNothing(String what, Runnable step) {
    step.run();
    long total = created(() -> {
      for (int i = 0; i < STEPS; i++) {
        step.run();
      }
    });
    assertEquals(0, total, what + ": native buffers and contexts created in " + STEPS + " steps");
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"IDENTITY", "RELU", "LEAKY_RELU", "TANH"})
  void batchNormOnMapsTrainsWithoutAllocating(Activation activation) {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {4, 5, 5}, 0.9, 1e-5, activation, FLOAT);
    INDArray x = Nd4j.rand(FLOAT, 6, 4, 5, 5);
    INDArray dy = Nd4j.rand(FLOAT, 6, 4, 5, 5);
    assertSteadyStateAllocatesNothing("bn " + activation,
        () -> bn.backward(bn.forward(x, true), dy));
    INDArray mean = bn.runningMean().dup();
    bn.backward(bn.forward(x.add(1.0), true), dy);
    assertNotEquals(mean, bn.runningMean(), "the running mean still moves");
    assertNotEquals(0.0, bn.parameters().get(0).gradient().norm2Number().doubleValue());
  }

  @Test
  void batchNormOnVectorsTrainsWithoutAllocating() {
    BatchNormLayer bn = new BatchNormLayer("norm", new int[] {7}, 0.8, 1e-3, DOUBLE);
    INDArray x = Nd4j.rand(DOUBLE, 5, 7);
    INDArray dy = Nd4j.rand(DOUBLE, 5, 7);
    assertSteadyStateAllocatesNothing("bn [7]", () -> bn.backward(bn.forward(x, true), dy));
    assertSteadyStateAllocatesNothing("bn [7] inference", () -> bn.forward(x, false));
  }

  @Test
  void dropoutDrawsANewMaskEachStepWithoutAllocating() {
    DropoutLayer drop = new DropoutLayer("drop", new int[] {3, 4, 4}, 0.5, FLOAT,
        new Initializer(3));
    INDArray x = Nd4j.rand(FLOAT, 8, 3, 4, 4).addi(0.5);
    INDArray dy = Nd4j.rand(FLOAT, 8, 3, 4, 4);
    assertSteadyStateAllocatesNothing("dropout", () -> drop.backward(drop.forward(x, true), dy));
    DropoutLayer.Saved first = drop.forward(x, true);
    INDArray mask = first.mask().dup();
    // the same mask forward and backward, the scaled mask 0 or 2
    INDArray dx = drop.backward(first, dy);
    assertEquals(dy.mul(mask), dx);
    assertEquals(x.mul(mask), first.output());
    assertEquals(mask.eq(0.0).castTo(FLOAT).add(mask.eq(2.0).castTo(FLOAT)),
        Nd4j.ones(FLOAT, 8, 3, 4, 4));
    assertNotEquals(mask, drop.forward(x, true).mask(), "the next step draws another mask");
  }

  @Test
  void concatenationForwardAndBackwardAllocateNothing() {
    ConcatLayer concat = new ConcatLayer("mixed",
        new int[][] {{3, 4, 5}, {1, 4, 5}, {2, 4, 5}}, DOUBLE);
    INDArray a = Nd4j.rand(DOUBLE, 2, 3, 4, 5);
    INDArray b = Nd4j.rand(DOUBLE, 2, 1, 4, 5);
    INDArray c = Nd4j.rand(DOUBLE, 2, 2, 4, 5);
    INDArray dy = Nd4j.rand(DOUBLE, 2, 6, 4, 5);
    INDArray[][] grads = new INDArray[1][];
    assertSteadyStateAllocatesNothing("concat",
        () -> grads[0] = concat.backward(concat.forward(true, a, b, c), dy));
    assertEquals(Nd4j.concat(1, a, b, c), concat.forward(true, a, b, c).output());
    INDArray[] pieces = {a, b, c};
    long offset = 0;
    for (int i = 0; i < 3; i++) {
      long width = pieces[i].size(1);
      INDArray expected = dy.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + width));
      assertEquals(expected, grads[0][i], "gradient of input " + i);
      offset += width;
    }
  }

  @Test
  void concatenationOfFreshArraysEachStepMakesNoViews() {
    ConcatLayer concat = new ConcatLayer("mixed", new int[][] {{2, 3, 3}, {2, 3, 3}}, FLOAT);
    INDArray[] inputs = new INDArray[STEPS + 1];
    INDArray[] grads = new INDArray[STEPS + 1];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = Nd4j.rand(FLOAT, 4, 2, 3, 3);
      grads[i] = Nd4j.rand(FLOAT, 4, 4, 3, 3);
    }
    int[] step = {0};
    assertSteadyStateAllocatesNothing("concat of new arrays", () -> {
      int i = step[0]++ % inputs.length;
      concat.backward(concat.forward(true, inputs[i], inputs[(i + 1) % inputs.length]), grads[i]);
    });
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"IDENTITY", "RELU"})
  void additionForwardAndBackwardAllocateNothing(Activation activation) {
    AddLayer add = new AddLayer("sum", new int[][] {{2, 3, 3}, {2, 3, 3}, {2, 3, 3}}, activation,
        DOUBLE);
    INDArray a = Nd4j.rand(DOUBLE, 4, 2, 3, 3).subi(0.5);
    INDArray b = Nd4j.rand(DOUBLE, 4, 2, 3, 3).subi(0.5);
    INDArray c = Nd4j.rand(DOUBLE, 4, 2, 3, 3).subi(0.5);
    INDArray dy = Nd4j.rand(DOUBLE, 4, 2, 3, 3);
    INDArray[][] grads = new INDArray[1][];
    assertSteadyStateAllocatesNothing("add " + activation,
        () -> grads[0] = add.backward(add.forward(true, a, b, c), dy));
    INDArray z = a.add(b).addi(c);
    INDArray y = activation == Activation.RELU ? z.dup().muli(z.gt(0).castTo(DOUBLE)) : z;
    assertTrue(y.equalsWithEps(add.forward(true, a, b, c).output(), 1e-12));
    INDArray dz = activation == Activation.RELU ? dy.mul(z.gt(0).castTo(DOUBLE)) : dy;
    for (int i = 0; i < 3; i++) {
      assertTrue(dz.equalsWithEps(grads[0][i], 1e-12), "gradient of input " + i);
    }
  }

  @Test
  void aNewBatchSizeAllocatesOnlyOnItsFirstStep() {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {2, 3, 3}, 0.9, 1e-5,
        Activation.RELU, DataType.FLOAT);
    for (int n : new int[] {3, 5}) {
      INDArray x = Nd4j.rand(FLOAT, n, 2, 3, 3);
      INDArray dy = Nd4j.rand(FLOAT, n, 2, 3, 3);
      assertTrue(created(() -> bn.backward(bn.forward(x, true), dy)) > 0, "batch " + n);
      assertEquals(0, created(() -> bn.backward(bn.forward(x, true), dy)), "batch " + n);
    }
  }
}
