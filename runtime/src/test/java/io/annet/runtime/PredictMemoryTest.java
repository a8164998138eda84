package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Large batches and native memory (issue 11, item 9): a {@code predict} batch too large for one
 * pass runs in passes of equal size with the result of a single pass; a training step or pass that
 * cannot fit fails up front with {@link NativeMemoryException} naming what it needs and what is
 * available, instead of a raw {@code OutOfMemoryError} after minutes.
 */
class PredictMemoryTest {
  /** TinyNetwork: input 16 + conv 32 + bn 32 + flatten 32 + dense 3 + softmax 3 values. */
  private static final long VALUES = 118;

  @AfterEach
  void measureAgain() {
    MemoryBudget.setAvailableForTests(-1);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void passesGiveExactlyTheResultOfOneBatch(DataType dtype) {
    TinyNetwork net = new TinyNetwork(dtype, 1);
    INDArray x = Nd4j.rand(dtype, 103, 1, 4, 4);
    double[] whole = values(net.predict(x));
    TinyNetwork separate = net.copy();
    double tolerance = dtype == DataType.FLOAT ? 1e-6 : 1e-14;
    for (int pass : new int[] {1, 7, 10, 51, 102, 103, 500}) {
      // each pass predicted on its own, in a copy: the last starts early to keep the pass size
      double[] byPass = new double[whole.length];
      for (int start = 0; start < 103; start += pass) {
        int from = Math.min(start, 103 - Math.min(pass, 103));
        INDArray slice = x.get(NDArrayIndex.interval(from, from + Math.min(pass, 103)),
            NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        double[] p = values(separate.predict(slice));
        System.arraycopy(p, 0, byPass, from * 3, p.length);
      }
      net.setPredictPass(pass);
      double[] got = values(net.predict(x));
      assertArrayEquals(byPass, got, "pass of " + pass);
      // another batch size may round differently (kernels sum in another order), never more
      assertArrayEquals(whole, got, tolerance, "pass of " + pass);
      INDArray out = Nd4j.create(dtype, 103, 3);
      assertArrayEquals(byPass, values(net.predict(x, out)), "into out, pass " + pass);
    }
    assertThrows(IllegalArgumentException.class, () -> net.setPredictPass(-1));
  }

  @Test
  void aHundredThousandExamplesRunInPassesSizedByTheAvailableMemory() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 2);
    INDArray x = Nd4j.rand(DataType.FLOAT, 100_000, 1, 4, 4);
    double[] whole = values(net.predict(x)); // 47 MB of activations: one pass
    long available = 1 << 20;
    MemoryBudget.setAvailableForTests(available);
    MemoryBudget budget =
        new MemoryBudget("Tiny", new int[] {1, 4, 4}, net.layers(), DataType.FLOAT);
    int pass = budget.predictPass(100_000, 0);
    assertEquals(available / 2 / (VALUES * 4 * 2), pass, "half the available memory a pass");
    assertArrayEquals(whole, values(net.predict(x)), 1e-6);
  }

  @Test
  void passesKeepUnderTheirBudgetWhenMemoryIsPlentiful() {
    MemoryBudget.setAvailableForTests(Long.MAX_VALUE);
    MemoryBudget budget = new MemoryBudget("Tiny", new int[] {1, 4, 4},
        new TinyNetwork(DataType.FLOAT, 3).layers(), DataType.FLOAT);
    long perPass = MemoryBudget.PASS_BYTES / (VALUES * 4 * 2);
    assertEquals(1000, budget.predictPass(1000, 0), "small batches in one pass");
    assertEquals(perPass, budget.predictPass(100_000_000L, 0));
    assertEquals(64, budget.predictPass(100_000, 64), "a pass set by the caller");
  }

  @Test
  void whatCannotFitFailsUpFrontNamingNeededAndAvailable() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 4);
    // 150,000 examples: 150,000 * 118 values * 4 bytes * 4 = 283 MB for a training step
    INDArray x = Nd4j.rand(DataType.FLOAT, 150_000, 1, 4, 4);
    int[] classes = new int[150_000];
    Map<String, INDArray> before = snapshot(net);
    MemoryBudget.setAvailableForTests(100L << 20);
    NativeMemoryException e = assertThrows(NativeMemoryException.class,
        () -> net.computeGradients(x, classes));
    assertTrue(e.getMessage().contains("a training step on 150000 examples needs about 270M")
        && e.getMessage().contains("100M is available"), e.getMessage());
    assertEquals(before, snapshot(net), "nothing ran");
    // the inference of class activation maps goes through checkInput: 135 MB
    e = assertThrows(NativeMemoryException.class, () -> net.checkInput(x));
    assertTrue(e.getMessage().contains("an inference pass on 150000 examples"), e.getMessage());
    // one example that does not fit in a predict pass
    MemoryBudget.setAvailableForTests(100);
    e = assertThrows(NativeMemoryException.class, () -> net.predict(x));
    assertTrue(e.getMessage().contains("an inference pass on one example needs about 944"),
        e.getMessage());
    MemoryBudget.setAvailableForTests(-1);
    assertTrue(MemoryBudget.available() > 0, "measured for real: " + MemoryBudget.available());
  }

  private static Map<String, INDArray> snapshot(Network net) {
    Map<String, INDArray> copy = new java.util.LinkedHashMap<>();
    net.parameters().forEach((name, value) -> copy.put(name, value.dup()));
    return copy;
  }

  private static double[] values(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }
}
