package io.annet.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's measured fp32 peak: the best of a few large square SGEMMs ({@code Nd4j.gemm},
 * {@value #SIZE}^3, 2 FLOPs per multiply-add) with the worker's threads. A large SGEMM reaches
 * 80-95 % of the FMA units' theoretical peak, so rows are reported as a share of what this machine
 * delivers in practice rather than of a datasheet figure.
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
}
