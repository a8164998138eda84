package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The boundary of {@link Network} allocates nothing in steady state: the input check (finite
 * values), the label check (rows summing to 1), one-hot labels from class indices and {@link
 * Network#predict(INDArray, INDArray)} reuse buffers and op contexts, so a whole training step of
 * {@link TinyNetwork} (conv TANH, batch norm, flatten, dense, softmax) plus an SGD update creates
 * no native object once its batch size has been seen. {@link Network#predict(INDArray)} creates
 * exactly the one array it returns.
 */
class NetworkAllocationTest {
  private static long created(Runnable step) {
    long before = Nd4j.getDeallocatorService().nextValue();
    step.run();
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }

  private static long createdAfterWarmUp(Runnable step) {
    step.run();
    step.run();
    return created(() -> {
      for (int i = 0; i < 3; i++) {
        step.run();
      }
    });
  }

  @Test
  void aTrainingStepWithLabelsAndAnUpdateAllocatesNothing() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 4, 4);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 6, 3);
    for (int i = 0; i < 6; i++) {
      labels.putScalar(i, i % 3, 1.0);
    }
    Sgd sgd = new Sgd(0.1, 0.9);
    double first = net.computeGradients(x, labels);
    double[] loss = new double[1];
    assertEquals(0, createdAfterWarmUp(() -> {
      loss[0] = net.computeGradients(x, labels);
      sgd.step(net.parameters(), net.gradients());
    }));
    assertTrue(loss[0] < first, "the steps trained: " + first + " -> " + loss[0]);
  }

  @Test
  void classIndicesGiveReusedOneHotLabelsEqualToTheExplicitOnes() {
    TinyNetwork a = new TinyNetwork(DataType.DOUBLE, 4);
    TinyNetwork b = new TinyNetwork(DataType.DOUBLE, 4);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 1, 4, 4);
    int[][] steps = {{0, 1, 2, 0}, {2, 2, 1, 0}, {1, 0, 0, 2}};
    for (int[] classes : steps) { // the reused buffer moves its ones row by row
      double fromIndices = a.computeGradients(x, classes);
      double fromOneHot = b.computeGradients(x, a.oneHot(classes, classes.length));
      assertEquals(fromOneHot, fromIndices, 1e-12);
      assertEquals(b.gradients(), a.gradients());
    }
    int[] classes = {2, 0, 1, 1};
    // in float: the double convolutions run on libnd4j's conv2d, which builds contexts per call
    TinyNetwork single = new TinyNetwork(DataType.FLOAT, 4);
    INDArray xs = x.castTo(DataType.FLOAT);
    assertEquals(0, createdAfterWarmUp(() -> single.computeGradients(xs, classes)));
    // a bad index leaves the reused labels intact for the next call
    assertThrows(LabelException.class, () -> a.computeGradients(x, new int[] {0, 3, 0, 0}));
    assertEquals(b.computeGradients(x, a.oneHot(classes, 4)), a.computeGradients(x, classes),
        1e-12);
  }

  @Test
  void predictIntoACallersArrayAllocatesNothingAndPredictExactlyItsResult() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 5);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 4, 4);
    INDArray out = Nd4j.create(DataType.FLOAT, 3, 3);
    assertEquals(0, createdAfterWarmUp(() -> net.predict(x, out)));
    assertSame(out, net.predict(x, out));
    assertEquals(net.predict(x), out);
    // the fresh results of predict and nothing else (the copy into them is a memcpy, not an op):
    // made ResultArrays.BATCH at a time, so any BATCH calls in a row make one batch of them once
    // 64 calls of that size ran
    for (int i = 0; i < 64; i++) {
      net.predict(x);
    }
    long one = created(() -> Nd4j.createUninitialized(DataType.FLOAT, new long[] {3, 3}, 'c'));
    assertEquals(ResultArrays.BATCH * one, created(() -> {
      for (int i = 0; i < ResultArrays.BATCH; i++) {
        net.predict(x);
      }
    }));
  }

  @Test
  void predictIntoAWrongArrayNamesTheExpectedOne() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 5);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 4, 4);
    ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
        () -> net.predict(x, Nd4j.create(DataType.FLOAT, 3, 4)));
    assertEquals("Tiny expects an output array [3, 3], found [3, 4]", shape.getMessage());
    assertEquals("Tiny expects an output array [3, 3], found null",
        assertThrows(ShapeMismatchException.class, () -> net.predict(x, null)).getMessage());
    DataTypeMismatchException type = assertThrows(DataTypeMismatchException.class,
        () -> net.predict(x, Nd4j.create(DataType.DOUBLE, 3, 3)));
    assertEquals("Tiny expects an output array of type FLOAT, found DOUBLE", type.getMessage());
  }
}
