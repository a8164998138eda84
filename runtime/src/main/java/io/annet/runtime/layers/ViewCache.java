package io.annet.runtime.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A c-order reshaped view kept while its source stays the same object with the same shape: the
 * kernels' inputs are usually the previous layer's reused buffers, so a step makes no new views.
 */
final class ViewCache {
  private INDArray source;
  private long[] shape;
  private INDArray view;

  /** {@code source.reshape('c', shape)} (a view of a c-order contiguous source), cached. */
  INDArray reshape(INDArray source, long... shape) {
    if (source != this.source || !Arrays.equals(shape, this.shape)) {
      this.view = source.reshape('c', shape);
      this.source = source;
      this.shape = shape.clone();
    }
    return view;
  }
}
