package io.annet.benchmarks;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SGEMM bound of a workload: the time of the matrix products an im2col convolution cannot
 * avoid, measured with {@code Nd4j.gemm} on preallocated arrays. Per convolution with {@code M =
 * out}, {@code K = in * k * k}, {@code P = batch * H' * W'}: forward {@code W[M,K] x cols[K,P]};
 * training adds {@code dY[M,P] x cols^T} (weight gradient) and {@code W^T x dY[M,P]} (input columns
 * gradient). Pooling, activations and im2col itself are free in this bound.
 */
final class GemmBound {
  private GemmBound() {}

  /**
   * The fastest of {@code reps} timings of the workload's GEMMs, summed over convolutions, in ns.
   */
  static long nanos(Workload workload, int reps) {
    Arch arch = workload.arch();
    List<int[]> shapes = arch.shapes();
    long total = 0;
    for (int i = 0; i < arch.ops().size(); i++) {
      if (arch.ops().get(i) instanceof Arch.Conv c) {
        int[] out = shapes.get(i + 1);
        long m = c.out();
        long k = (long) c.in() * c.kernel() * c.kernel();
        long p = (long) workload.batch() * out[1] * out[2];
        total += best(m, k, p, workload.train(), reps);
      }
    }
    return total;
  }

  private static long best(long m, long k, long p, boolean train, int reps) {
    INDArray w = Nd4j.rand(DataType.FLOAT, m, k);
    INDArray cols = Nd4j.rand(DataType.FLOAT, k, p);
    INDArray y = Nd4j.create(DataType.FLOAT, new long[] {m, p}, 'f');
    INDArray dw = Nd4j.create(DataType.FLOAT, new long[] {m, k}, 'f');
    INDArray dcols = Nd4j.create(DataType.FLOAT, new long[] {k, p}, 'f');
    long best = Long.MAX_VALUE;
    for (int r = 0; r <= reps; r++) { // the first round warms up
      long start = System.nanoTime();
      Nd4j.gemm(w, cols, y, false, false, 1.0, 0.0);
      if (train) {
        Nd4j.gemm(y, cols, dw, false, true, 1.0, 0.0);
        Nd4j.gemm(w, y, dcols, true, false, 1.0, 0.0);
      }
      long elapsed = System.nanoTime() - start;
      if (r > 0) {
        best = Math.min(best, elapsed);
      }
    }
    return best;
  }
}
