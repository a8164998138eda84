package io.annet.examples.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.NonFiniteValueException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite inputs too large for float arithmetic (issue 11, item 3): a training step on 1e30 inputs
 * returned 2.3026 and left {@code stemBn.var} infinite, so every later prediction was a uniform
 * 0.1; {@code predict} on 3e38 inputs returned NaN probabilities. Both are now named, and nothing
 * the network holds changes.
 */
class OverflowingInputTest {
  @Test
  void aStepOnHugeInputsIsRefusedBeforeTheRunningStatisticsChange() {
    ResNetCifarNetwork net = ResNetCifarNetwork.create(1);
    INDArray probe = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
    INDArray before = net.predict(probe);
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    net.parameters().forEach((name, value) -> tensors.put(name, value.dup()));
    INDArray huge = Nd4j.valueArrayOf(new long[] {4, 3, 32, 32}, 1e30f);
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
        () -> net.computeGradients(huge, new int[] {0, 1, 2, 3}));
    assertTrue(e.getMessage().startsWith("stemBn: the batch variance of channel "),
        e.getMessage());
    assertTrue(e.getMessage().contains("is infinite in FLOAT arithmetic"), e.getMessage());
    assertTrue(e.getMessage().endsWith("the running statistics are unchanged"), e.getMessage());
    tensors.forEach((name, value) -> assertEquals(value, net.parameters().get(name), name));
    assertEquals(before, net.predict(probe));
  }

  @Test
  void predictionsOfHugeInputsAreRefusedNotNaN() {
    ResNetCifarNetwork net = ResNetCifarNetwork.create(1);
    INDArray huge = Nd4j.valueArrayOf(new long[] {2, 3, 32, 32}, 3e38f);
    NonFiniteValueException e =
        assertThrows(NonFiniteValueException.class, () -> net.predict(huge));
    assertTrue(e.getMessage().startsWith("ResNetCifar: the probabilities of example 0 of 2 are"
        + " NaN or infinite although its input is finite (its largest magnitude is 3.00e+38)"),
        e.getMessage());
  }
}
