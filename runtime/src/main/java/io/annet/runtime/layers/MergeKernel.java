package io.annet.runtime.layers;

import io.annet.dsl.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer with several inputs (a graph join such as {@code @Concat} or {@code @Add}): forward and
 * backward side by side, the state backward needs passed as the record forward returned.
 *
 * @param <S> the record forward returns and backward consumes
 */
public interface MergeKernel<S extends Forward> extends Layer {
  /** Computes the output from one batch per input, {@code [N, ...inputShape_i]}, in order. */
  S forward(boolean training, INDArray... inputs);

  /**
   * Returns the gradient of the loss with respect to each input, in input order: a distinct
   * array per input, possibly a buffer the next call reuses, so read it or pass it on but never
   * accumulate into it.
   */
  INDArray[] backward(S saved, INDArray gradOutput);

  /** The per-example shape of each input, in order. */
  int[][] inputShapes();
}
