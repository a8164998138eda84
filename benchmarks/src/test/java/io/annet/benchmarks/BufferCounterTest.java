package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The counting device: a new array counts (its buffer, and its zero-fill), and so does the op
 * context an exec creates when none is reused; writing into an existing array counts nothing.
 */
class BufferCounterTest {

  @Test
  void countsNewNativeStateAndNothingForPlainWrites() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 8, 8);
    INDArray b = Nd4j.rand(DataType.FLOAT, 8, 8);
    a.addi(b); // first use may create cached helpers
    assertEquals(0.0, BufferCounter.perCall(() -> a.putScalar(0, 1f), 3));
    double exec = BufferCounter.perCall(() -> a.addi(b), 3);
    assertTrue(exec >= 1, "an exec without a reused op context creates one, counted " + exec);
    double create = BufferCounter.perCall(() -> Nd4j.create(DataType.FLOAT, 4, 4), 3);
    assertTrue(create >= 1, "a new array is counted, counted " + create);
    assertThrows(IllegalArgumentException.class, () -> BufferCounter.perCall(() -> {}, 0));
  }
}
