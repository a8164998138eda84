package io.annet.examples.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.examples.graphs.InceptionV4Reference.Count;
import io.annet.examples.graphs.InceptionV4Reference.Tally;
import org.junit.jupiter.api.Test;

/** The reference count itself: the paper's shapes per stage and the quoted totals. */
class InceptionV4ReferenceTest {

  @Test
  void stagesHaveThePapersShapes() {
    Tally t = InceptionV4Reference.count();
    assertArrayEquals(new int[] {384, 35, 35}, t.shapeAfter("stem"));
    assertArrayEquals(new int[] {384, 35, 35}, t.shapeAfter("inceptionA"));
    assertArrayEquals(new int[] {1024, 17, 17}, t.shapeAfter("reductionA"));
    assertArrayEquals(new int[] {1024, 17, 17}, t.shapeAfter("inceptionB"));
    assertArrayEquals(new int[] {1536, 8, 8}, t.shapeAfter("reductionB"));
    assertArrayEquals(new int[] {1536, 8, 8}, t.shapeAfter("inceptionC"));
  }

  @Test
  void totalsMatchTheQuotedCounts() {
    Count total = InceptionV4Reference.count().total();
    assertEquals(149, total.convolutions());
    assertEquals(41_079_648L, total.convWeights());
    assertEquals(31_584L, total.convChannels());
    assertEquals(1_537_000L, total.dense());
    assertEquals(InceptionV4Reference.PARAMETERS_WITH_BATCH_NORM, total.withBatchNorm());
    assertEquals(InceptionV4Reference.PARAMETERS_WITH_BIAS, total.withBias());
  }

  @Test
  void perStageCountsAddUp() {
    Tally t = InceptionV4Reference.count();
    // one module of each kind, with batch norm, by hand from the figures
    long stem = 3 * 32 * 9 + 32 * 32 * 9 + 32 * 64 * 9 + 64 * 96 * 9 + 160 * 64 + 64 * 96 * 9
        + 160 * 64 + 64 * 64 * 7 * 2 + 64 * 96 * 9 + 192 * 192 * 9
        + 2 * (32 + 32 + 64 + 96 + 64 + 96 + 64 + 64 + 64 + 96 + 192);
    assertEquals(stem, t.stages().get("stem").withBatchNorm());
    long inceptionA = 384 * (96 + 96 + 64 + 64) + 64 * 96 * 9 + 64 * 96 * 9 + 96 * 96 * 9
        + 2 * (96 + 96 + 64 + 96 + 64 + 96 + 96);
    assertEquals(4 * inceptionA, t.stages().get("inceptionA").withBatchNorm());
    long reductionA = 384 * 384 * 9 + 384 * 192 + 192 * 224 * 9 + 224 * 256 * 9
        + 2 * (384 + 192 + 224 + 256);
    assertEquals(reductionA, t.stages().get("reductionA").withBatchNorm());
    assertEquals(7, t.stages().get("inceptionB").convolutions() / 10);
    assertEquals(3 * 10, t.stages().get("inceptionC").convolutions());
    assertEquals(1536L * 1000 + 1000, t.stages().get("logits").withBatchNorm());
  }
}
