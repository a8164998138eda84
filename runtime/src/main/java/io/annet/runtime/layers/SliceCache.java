package io.annet.runtime.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-example matrix views {@code [K, P]} of a c-order batch {@code [N, K, H, W]}, kept while
 * the batch is the same object (a reused buffer), so per-example GEMMs make no new views per step.
 */
final class SliceCache {
  private INDArray source;
  private INDArray[] views;

  /** Example {@code i} of {@code batch} as a {@code [k, p]} view, for every {@code i}. */
  INDArray[] of(INDArray batch, long k, long p) {
    if (batch != source) {
      int n = (int) batch.size(0);
      views = new INDArray[n];
      for (int i = 0; i < n; i++) {
        views[i] = batch.slice(i).reshape('c', k, p);
      }
      source = batch;
    }
    return views;
  }
}
