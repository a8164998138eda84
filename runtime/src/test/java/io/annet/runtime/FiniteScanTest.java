package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** FiniteScan's exponent-bit test against Float/Double.isFinite on every kind of edge value. */
class FiniteScanTest {
  private static final double[] FINITE = {0.0, -0.0, 1.0, -1.0, Float.MAX_VALUE, -Float.MAX_VALUE,
      Float.MIN_VALUE, Float.MIN_NORMAL, 1e-40, 3.4e38};
  private static final double[] NON_FINITE = {Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY};

  @ParameterizedTest
  @ValueSource(strings = {"FLOAT", "DOUBLE"})
  void findsEveryNonFiniteValueAtAnyPosition(String type) {
    DataType dtype = DataType.valueOf(type);
    for (int n : new int[] {1, 7, 64 * 784, (int) FiniteScan.MAX_ELEMENTS}) {
      INDArray x = Nd4j.rand(dtype, n).subi(0.5).muli(1e3);
      assertTrue(FiniteScan.readable(x));
      assertTrue(FiniteScan.allFinite(x), n + " random values");
      for (int at : new int[] {0, n / 2, n - 1}) {
        for (double bad : NON_FINITE) {
          double before = x.getDouble(at);
          x.putScalar(at, bad);
          assertFalse(FiniteScan.allFinite(x), bad + " at " + at + " of " + n + " " + dtype);
          x.putScalar(at, before);
        }
      }
      assertTrue(FiniteScan.allFinite(x));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"FLOAT", "DOUBLE"})
  void agreesWithIsFiniteOnEdgeValues(String type) {
    DataType dtype = DataType.valueOf(type);
    for (double v : FINITE) {
      INDArray x = Nd4j.zeros(dtype, 33).putScalar(17, v);
      boolean expected = dtype == DataType.FLOAT ? Float.isFinite((float) v) : Double.isFinite(v);
      assertEquals(expected, FiniteScan.allFinite(x), v + " in " + dtype);
    }
    INDArray big = Nd4j.zeros(DataType.DOUBLE, 3).putScalar(1, Double.MAX_VALUE);
    assertTrue(FiniteScan.allFinite(big), "the largest double is finite");
  }

  @Test
  void leavesViewsAndLargeArraysToTheNativeCheck() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 8);
    INDArray view = x.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
    assertFalse(FiniteScan.readable(view), "a view into a larger buffer");
    assertFalse(FiniteScan.readable(Nd4j.zeros(DataType.FLOAT, FiniteScan.MAX_ELEMENTS + 1)));
    assertFalse(FiniteScan.readable(Nd4j.zeros(DataType.HALF, 4)), "float16 is read natively");
  }
}
