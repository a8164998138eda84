package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.annet.runtime.data.Dataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The moved copies of the transfer job's source digits. */
class SourceAugmentationTest {
  private static Dataset squares() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28);
    x.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.interval(10, 18),
        NDArrayIndex.interval(12, 16)).assign(1);
    x.get(NDArrayIndex.point(1)).assign(0.5);
    return new Dataset(x, new int[] {3, 1}, 5);
  }

  @Test
  void copiesFollowTheOriginalsWithTheirLabels() {
    Dataset data = squares();
    Dataset moved = SourceAugmentation.withCopies(data, 2, 12, 0.1, 2.5, 7);
    assertEquals(6, moved.size());
    assertArrayEquals(new int[] {3, 1, 3, 1, 3, 1}, moved.labels());
    assertEquals(data.features(), moved.features().get(
        NDArrayIndex.interval(0, 2)));
    assertNotEquals(data.features().slice(0), moved.features().slice(2), "the copy is moved");
    // A move keeps the picture's ink roughly (the square stays inside the frame).
    double ink = data.features().slice(0).sumNumber().doubleValue();
    double movedInk = moved.features().slice(2).sumNumber().doubleValue();
    assertEquals(ink, movedInk, 0.3 * ink);
    assertEquals(moved.features(),
        SourceAugmentation.withCopies(data, 2, 12, 0.1, 2.5, 7).features(), "seeded");
  }

  @Test
  void noMoveGivesTheSamePicturesAndNoCopiesTheSameData() {
    Dataset data = squares();
    Dataset same = SourceAugmentation.withCopies(data, 1, 0, 0, 0, 1);
    assertEquals(data.features().slice(0), same.features().slice(2));
    assertSame(data, SourceAugmentation.withCopies(data, 0, 12, 0.1, 2.5, 1));
  }
}
