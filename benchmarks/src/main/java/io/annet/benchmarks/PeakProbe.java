package io.annet.benchmarks;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's measured fp32 peak: the best of a few large square SGEMMs ({@value #SIZE}^3, 2
 * FLOPs per multiply-add) with the worker's threads, through both ND4J's BLAS ({@code Nd4j.gemm},
 * OpenBLAS) and oneDNN's {@code dnnl_sgemm}, whichever is faster (on an Intel Xeon OpenBLAS gave
 * 143 GFLOP/s while oneDNN's convolutions reached 340, so "of peak" read above 100 %). A large
 * SGEMM by the faster library reaches 80-95 % of the FMA units' theoretical peak, so rows are
 * reported as a share of what this machine delivers in practice rather than of a datasheet figure.
 */
final class PeakProbe {
  /** The side of the square matrices. */
  static final int SIZE = 1024;

  private PeakProbe() {}

  /** GFLOP/s of the fastest of {@code reps} timed products (after one untimed warm-up). */
  static double gflops(int reps) {
    return gflops(SIZE, reps);
  }

  /** GFLOP/s of the fastest of {@code reps} timed {@code n x n x n} products. */
  static double gflops(int n, int reps) {
    if (n < 1 || reps < 1) {
      throw new IllegalArgumentException(
          "the peak probe needs a size and a repetition count of at least 1, found "
              + n + " and " + reps);
    }
    return Math.max(nd4j(n, reps), oneDnn(n, reps));
  }

  /** GFLOP/s of the fastest of {@code reps} products through {@code Nd4j.gemm}. */
  static double nd4j(int n, int reps) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, new long[] {n, n}, 'f');
    long best = Long.MAX_VALUE;
    for (int r = 0; r <= reps; r++) { // the first product warms up
      long start = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      long elapsed = System.nanoTime() - start;
      if (r > 0) {
        best = Math.min(best, elapsed);
      }
    }
    return 2.0 * n * n * (double) n / Math.max(1, best);
  }

  /** GFLOP/s of the fastest of {@code reps} products through oneDNN's {@code dnnl_sgemm}. */
  static double oneDnn(int n, int reps) {
    long size = (long) n * n;
    try (FloatPointer a = new FloatPointer(size); FloatPointer b = new FloatPointer(size);
        FloatPointer c = new FloatPointer(size)) {
      java.util.Random random = new java.util.Random(2014);
      for (long i = 0; i < size; i++) {
        a.put(i, random.nextFloat());
        b.put(i, random.nextFloat());
      }
      long best = Long.MAX_VALUE;
      for (int r = 0; r <= reps; r++) {
        long start = System.nanoTime();
        int status = dnnl.dnnl_sgemm((byte) 'N', (byte) 'N', n, n, n, 1f, a, n, b, n, 0f, c, n);
        long elapsed = System.nanoTime() - start;
        if (status != 0) {
          throw new IllegalStateException("dnnl_sgemm failed with status " + status);
        }
        if (r > 0) {
          best = Math.min(best, elapsed);
        }
      }
      return 2.0 * n * n * (double) n / Math.max(1, best);
    }
  }
}
