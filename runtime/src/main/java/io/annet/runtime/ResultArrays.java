package io.annet.runtime;

import java.util.ArrayDeque;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fresh arrays {@code predict} returns, made {@link #BATCH} at a time: creating one ND4J array
 * right after the inference plan costs 10-20 us (a batch-1 call of ResNetCifar takes about 120),
 * one of {@link #BATCH} made together well under one (runtime/PERFORMANCE.md, session 7). Each
 * array is handed out once, so the caller owns it as before; only small results are made ahead,
 * and as many as the calls of one batch size in a row ask for: 1, 2, 4, ... up to {@link #BATCH}
 * (batch sizes taking turns make one array per call, as without this).
 */
final class ResultArrays {
  /** Arrays made at once. */
  static final int BATCH = 32;
  /** Results larger than this are made one at a time, when asked for. */
  static final long MAX_BYTES = 64 * 1024;

  private final ArrayDeque<INDArray> spares = new ArrayDeque<>(BATCH);
  private long rows = -1;
  private DataType type;
  private int refill = 1;

  /** An uninitialized c-order {@code [n, classes]} array of {@code dtype} no one else holds. */
  INDArray take(long n, int classes, DataType dtype) {
    long[] shape = {n, classes};
    if (n * classes * (long) dtype.width() > MAX_BYTES) {
      return Nd4j.createUninitialized(dtype, shape, 'c');
    }
    if (n != rows || dtype != type) {
      spares.clear();
      rows = n;
      type = dtype;
      refill = 1;
    }
    if (spares.isEmpty()) {
      for (int i = 0; i < refill; i++) {
        spares.add(Nd4j.createUninitialized(dtype, shape, 'c'));
      }
      refill = Math.min(BATCH, 2 * refill);
    }
    return spares.poll();
  }
}
