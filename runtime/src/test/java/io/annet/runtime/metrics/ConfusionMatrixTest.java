package io.annet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  private static ConfusionMatrix sample() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {1, 1}, {2, 0}, {2, 2}};
    for (int[] p : pairs) {
      m.add(p[0], p[1]);
    }
    return m;
  }

  @Test
  void countsAccuracyPrecisionRecall() {
    ConfusionMatrix m = sample();
    assertEquals(8, m.total());
    assertEquals(6, m.correct());
    assertEquals(0.75, m.accuracy(), 1e-12);
    assertEquals(2, m.count(0, 0));
    assertEquals(1, m.count(2, 0));
    assertEquals(2.0 / 3, m.precision(0), 1e-12); // predicted 0: two of class 0, one of class 2
    assertEquals(2.0 / 3, m.recall(0), 1e-12);
    assertEquals(0.75, m.precision(1), 1e-12);
    assertEquals(1.0, m.recall(1), 1e-12);
    assertEquals(1.0, m.precision(2), 1e-12);
    assertEquals(0.5, m.recall(2), 1e-12);
  }

  @Test
  void emptyClassesGiveZeroNotNaN() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    assertEquals(0, m.accuracy());
    assertEquals(0, m.precision(1));
    assertEquals(0, m.recall(1));
  }

  @Test
  void mergeAddsCounts() {
    ConfusionMatrix m = sample();
    m.addAll(sample());
    assertEquals(16, m.total());
    assertEquals(4, m.count(0, 0));
    assertThrows(IllegalArgumentException.class, () -> m.addAll(new ConfusionMatrix(4)));
  }

  @Test
  void toStringShowsTheTableAndAccuracy() {
    String s = sample().toString();
    assertTrue(s.contains("recall"), s);
    assertTrue(s.contains("precision"), s);
    assertTrue(s.contains("6/8 = 75.00 %"), s);
    assertEquals(6, s.split("\n").length, s);
  }

  @Test
  void outOfRangeClassNamesTheRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConfusionMatrix(3).add(3, 0));
    assertTrue(e.getMessage().contains("0..2") && e.getMessage().contains("3"), e.getMessage());
  }
}
