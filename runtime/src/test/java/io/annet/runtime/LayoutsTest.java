package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Dense c order: size-1 dimensions may carry any stride; gaps, transposes and f order may not. */
class LayoutsTest {
  @Test
  void aBatchOfOneWithAnyStrideInItsUnitDimensionsIsDense() {
    INDArray maps = Nd4j.rand(DataType.FLOAT, 1, 32, 1, 1);
    INDArray rows = maps.reshape(1, 32);
    assertTrue(Layouts.isDenseC(rows));
    INDArray odd = Nd4j.create(maps.data(), new long[] {1, 32}, new long[] {7, 1}, 0, 'c');
    assertTrue(Layouts.isDenseC(odd));
    assertTrue(Layouts.isDenseC(Nd4j.rand(DataType.FLOAT, 4, 3, 5, 5)));
  }

  @Test
  void gapsTransposesAndFortranOrderAreNot() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 4, 6);
    assertFalse(Layouts.isDenseC(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))));
    assertFalse(Layouts.isDenseC(a.transpose()));
    assertFalse(Layouts.isDenseC(Nd4j.rand(DataType.FLOAT, 'f', 4, 6)));
  }
}
