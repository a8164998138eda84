package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class activation maps agree with their definitions written as loops. */
class ClassActivationMapsTest {
  private static INDArray maps() {
    Nd4j.getRandom().setSeed(1);
    return Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
  }

  @Test
  void ofClassSelectsTheChannel() {
    INDArray maps = maps();
    INDArray cam = ClassActivationMaps.ofClass(maps, 2);
    assertArrayEquals(new long[] {2, 4, 5}, cam.shape());
    assertEquals(maps.getDouble(1, 2, 3, 4), cam.getDouble(1, 3, 4), 0);
    assertThrows(LabelException.class, () -> ClassActivationMaps.ofClass(maps, 3));
  }

  @Test
  void weightedSumsChannelsWithTheDenseRow() {
    INDArray maps = maps();
    INDArray weight = Nd4j.create(new double[][] {{1, 2, 3}, {0.5, -1, 2}});
    INDArray cam = ClassActivationMaps.weighted(maps, weight, 1);
    assertArrayEquals(new long[] {2, 4, 5}, cam.shape());
    for (int n = 0; n < 2; n++) {
      for (int h = 0; h < 4; h++) {
        for (int w = 0; w < 5; w++) {
          double expected = 0;
          for (int c = 0; c < 3; c++) {
            expected += weight.getDouble(1, c) * maps.getDouble(n, c, h, w);
          }
          assertEquals(expected, cam.getDouble(n, h, w), 1e-12);
        }
      }
    }
    assertThrows(ShapeMismatchException.class,
        () -> ClassActivationMaps.weighted(maps, Nd4j.zeros(DataType.DOUBLE, 2, 4), 0));
  }
}
