package io.annet.runtime;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference on a large batch in passes of a fixed number of examples, so that the layers' buffers
 * hold one pass rather than the whole batch. Every pass has the same size (the last one starts
 * early and recomputes a few examples of the one before), so the buffers are allocated once.
 * Inference treats examples independently, so each row is what a single pass gives, up to the
 * rounding of kernels that sum in another order for another batch size.
 */
final class PredictPasses {
  private PredictPasses() {}

  /**
   * Writes {@code forward} of each pass of {@code pass} examples of {@code input} ({@code [N,
   * ...]}, dense c-order) into the rows of {@code out} ({@code [N, classes]}).
   */
  static void run(UnaryOperator<INDArray> forward, INDArray input, INDArray out, int pass) {
    long n = input.size(0);
    long[] shape = input.shape().clone(); // shape() is the array's own metadata
    shape[0] = pass;
    INDArray part = Nd4j.createUninitialized(input.dataType(), shape, 'c');
    INDArray rows = input.reshape('c', n, input.length() / n); // a view: input is dense
    INDArray partRows = part.reshape('c', pass, rows.size(1));
    for (long start = 0; start < n; start += pass) {
      long from = Math.min(start, n - pass);
      partRows.assign(rows.get(NDArrayIndex.interval(from, from + pass), NDArrayIndex.all()));
      INDArray probabilities = forward.apply(part);
      out.get(NDArrayIndex.interval(from, from + pass), NDArrayIndex.all()).assign(probabilities);
    }
  }
}
