package io.annet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetTest {

  /** Ten examples [2, 2, 2]; every value of example i is i, label i % 3. */
  static Dataset tenExamples() {
    INDArray x = Nd4j.create(DataType.FLOAT, 10, 2, 2, 2);
    int[] y = new int[10];
    for (int i = 0; i < 10; i++) {
      x.slice(i).assign(i);
      y[i] = i % 3;
    }
    return new Dataset(x, y, 3);
  }

  @Test
  void batchesCopyTheRightExamplesIntoReusedBuffers() {
    Dataset d = tenExamples();
    int[] order = {9, 0, 5, 3, 1, 2, 8, 7, 6, 4};
    List<int[]> seen = new ArrayList<>();
    INDArray firstBuffer = null;
    int count = 0;
    for (Batch b : d.batches(4, order, DataType.DOUBLE)) {
      assertEquals(DataType.DOUBLE, b.features().dataType());
      int[] values = new int[b.size()];
      for (int i = 0; i < b.size(); i++) {
        values[i] = (int) b.features().getDouble(i, 1, 1, 0);
        assertEquals(values[i] % 3, b.classes()[i]);
        assertEquals(1.0, b.oneHot().getDouble(i, values[i] % 3));
        assertEquals(1.0, b.oneHot().getRow(i).sumNumber().doubleValue());
      }
      seen.add(values);
      if (count == 0) {
        firstBuffer = b.features();
      } else if (count == 1) {
        assertTrue(firstBuffer == b.features(), "full batches reuse one buffer");
      }
      count++;
    }
    assertEquals(3, count);
    assertEquals(d.batchCount(4), count);
    assertArrayEquals(new int[] {9, 0, 5, 3}, seen.get(0));
    assertArrayEquals(new int[] {1, 2, 8, 7}, seen.get(1));
    assertArrayEquals(new int[] {6, 4}, seen.get(2));
  }

  @Test
  void shuffledOrderIsAPermutationDeterminedBySeed() {
    Dataset d = tenExamples();
    int[] a = d.shuffledOrder(42);
    assertArrayEquals(a, d.shuffledOrder(42));
    assertFalse(Arrays.equals(a, d.shuffledOrder(43)));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertArrayEquals(d.naturalOrder(), sorted);
    assertNotEquals(Arrays.toString(d.naturalOrder()), Arrays.toString(a));
  }

  @Test
  void firstAndSubsetCopy() {
    Dataset d = tenExamples();
    Dataset first = d.first(4);
    assertEquals(4, first.size());
    assertArrayEquals(new int[] {0, 1, 2, 0}, first.labels());
    Dataset sub = d.subset(new int[] {7, 2});
    assertEquals(7.0, sub.features().getDouble(0, 0, 0, 0));
    assertEquals(2.0, sub.features().getDouble(1, 1, 1, 1));
    assertArrayEquals(new int[] {1, 2}, sub.labels());
    assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[] {10}));
    assertThrows(IllegalArgumentException.class, () -> d.first(11));
  }

  @Test
  void oneHotAndClassCounts() {
    INDArray y = Dataset.oneHot(new int[] {2, 0}, 3, DataType.FLOAT);
    assertArrayEquals(new float[] {0, 0, 1}, y.getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 0, 0}, y.getRow(1).toFloatVector());
    assertArrayEquals(new int[] {4, 3, 3}, tenExamples().classCounts());
  }

  @Test
  void badConstructionNamesExpectedAndFound() {
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Nd4j.create(DataType.FLOAT, 3, 4), new int[3], 2));
    assertTrue(rank.getMessage().contains("rank 4") && rank.getMessage().contains("[3, 4]"));
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Nd4j.create(DataType.FLOAT, 3, 1, 2, 2), new int[2], 2));
    assertTrue(count.getMessage().contains("3 examples") && count.getMessage().contains("2"));
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Nd4j.create(DataType.FLOAT, 2, 1, 2, 2), new int[] {0, 5}, 2));
    assertTrue(label.getMessage().contains("label 5"), label.getMessage());
  }

  @Test
  void normalizationStandardisesEachChannel() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 50, 3, 4, 4);
    x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.point(1)).muli(10).addi(5);
    Dataset d = new Dataset(x, new int[50], 1);
    Normalization n = Normalization.fit(d);
    assertEquals(10, n.mean()[1], 0.5);
    Dataset z = n.apply(d);
    double[] mean = z.features().mean(0, 2, 3).toDoubleVector();
    double[] std = z.features().std(false, 0, 2, 3).toDoubleVector();
    for (int c = 0; c < 3; c++) {
      assertEquals(0, mean[c], 1e-4);
      assertEquals(1, std[c], 1e-4);
    }
    assertEquals(n.mean()[1], d.features().mean(0, 2, 3).getDouble(1), 1e-6, "input untouched");
  }
}
