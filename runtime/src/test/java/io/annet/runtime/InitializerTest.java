package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** He normal for ReLU-like activations, Glorot uniform otherwise, reproducible per seed. */
class InitializerTest {
  @Test
  void heNormalHasStdSqrtTwoOverFanIn() {
    INDArray w = new Initializer(1).weights(new long[] {64, 32, 3, 3}, 288, 576, Activation.RELU,
        DataType.DOUBLE);
    assertEquals(0.0, w.meanNumber().doubleValue(), 0.003);
    assertEquals(Math.sqrt(2.0 / 288), w.stdNumber().doubleValue(), 0.002);
  }

  @Test
  void glorotUniformStaysWithinItsLimit() {
    INDArray w = new Initializer(2).weights(new long[] {100, 200}, 200, 100, Activation.TANH,
        DataType.DOUBLE);
    double limit = Math.sqrt(6.0 / 300);
    assertTrue(w.amaxNumber().doubleValue() <= limit);
    assertTrue(w.amaxNumber().doubleValue() > 0.99 * limit);
    assertEquals(limit / Math.sqrt(3), w.stdNumber().doubleValue(), 0.002); // uniform std
  }

  @Test
  void sameSeedSameStreamAndLayersDrawInOrder() {
    Initializer a = new Initializer(5);
    Initializer b = new Initializer(5);
    INDArray a1 = a.weights(new long[] {3, 4}, 4, 3, Activation.SIGMOID, DataType.FLOAT);
    INDArray b1 = b.weights(new long[] {3, 4}, 4, 3, Activation.SIGMOID, DataType.FLOAT);
    assertEquals(a1, b1);
    assertEquals(DataType.FLOAT, a1.dataType());
    INDArray a2 = a.weights(new long[] {3, 4}, 4, 3, Activation.SIGMOID, DataType.FLOAT);
    assertNotEquals(a1, a2); // the second layer continues the stream
    assertEquals(a2, b.weights(new long[] {3, 4}, 4, 3, Activation.SIGMOID, DataType.FLOAT));
    assertEquals(a.nextSeed(), b.nextSeed()); // dropout seeds follow the same stream
  }
}
