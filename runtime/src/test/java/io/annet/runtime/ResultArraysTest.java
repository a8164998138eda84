package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ResultArrays}: every array handed out once, made ahead only while one size repeats. */
class ResultArraysTest {
  private static long created(Runnable r) {
    long before = Nd4j.getDeallocatorService().nextValue();
    r.run();
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }

  @Test
  void everyArrayIsHandedOutOnceWithTheShapeAndTypeAskedFor() {
    ResultArrays results = new ResultArrays();
    Map<INDArray, Boolean> seen = new IdentityHashMap<>();
    for (int i = 0; i < 200; i++) {
      DataType type = i % 50 < 40 ? DataType.FLOAT : DataType.DOUBLE;
      long n = i < 100 ? 1 : 7;
      INDArray a = results.take(n, 10, type);
      assertEquals(null, seen.put(a, true), "call " + i + " got an array handed out before");
      assertArrayEquals(new long[] {n, 10}, a.shape());
      assertEquals(type, a.dataType());
      assertEquals('c', a.ordering());
    }
  }

  @Test
  void sizesTakingTurnsMakeOneArrayPerCall() {
    ResultArrays results = new ResultArrays();
    long one = created(() -> Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 10}, 'c'));
    long calls = created(() -> {
      for (int i = 0; i < 20; i++) {
        results.take(1 + i % 2, 10, DataType.FLOAT);
      }
    });
    assertEquals(20 * one, calls);
  }

  @Test
  void oneSizeRepeatedIsMadeInBatchesOfUpTo32() {
    ResultArrays results = new ResultArrays();
    long one = created(() -> Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 10}, 'c'));
    // 1 + 2 + 4 + 8 + 16 = 31 calls make 31 arrays one batch at a time, the 32nd makes 32
    assertEquals(31 * one, created(() -> {
      for (int i = 0; i < 31; i++) {
        results.take(1, 10, DataType.FLOAT);
      }
    }));
    assertEquals(32 * one, created(() -> results.take(1, 10, DataType.FLOAT)));
    assertEquals(0, created(() -> {
      for (int i = 0; i < 31; i++) {
        results.take(1, 10, DataType.FLOAT);
      }
    }));
  }

  @Test
  void largeResultsAreMadeWhenAskedFor() {
    ResultArrays results = new ResultArrays();
    long rows = ResultArrays.MAX_BYTES / 40 + 1; // just over the limit in float32 rows of 10
    INDArray a = results.take(rows, 10, DataType.FLOAT);
    long one = created(() -> Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, 10}, 'c'));
    assertEquals(one, created(() -> results.take(rows, 10, DataType.FLOAT)));
    assertNotSame(a, results.take(rows, 10, DataType.FLOAT));
  }
}
