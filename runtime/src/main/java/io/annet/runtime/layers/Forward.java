package io.annet.runtime.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What one forward call of a kernel produced, and kept for its backward call. */
public interface Forward {
  /** The layer's output {@code [N, ...outputShape]}; may be a reused buffer. */
  INDArray output();
}
