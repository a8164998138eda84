package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer's activation, allocating nothing per step, on its one {@link ActivationBackend}:
 * float32 on oneDNN's element-wise primitives ({@link OneDnnEltwise}, 4-5x faster than libnd4j's
 * {@code relu_bp}), libnd4j otherwise and from the first shape oneDNN refuses. Same contract as
 * {@link Activations#forward} and {@link Activations#backward}.
 */
final class ActivationCall {
  private ActivationBackend backend; // its fallback for good once oneDNN refused a shape

  ActivationCall(Activation activation) {
    this.backend = ActivationBackend.of(activation);
  }

  /** {@code f(z)} into {@code out}, returned; IDENTITY returns {@code z}, ignoring {@code out}. */
  INDArray forward(INDArray z, INDArray out) {
    backend = Backend.ready(backend, z, false);
    return backend.forward(z, out);
  }

  /** See {@link ActivationBackend#backward}. */
  INDArray backward(INDArray z, INDArray y, INDArray gradOut, INDArray gradZ) {
    backend = Backend.ready(backend, y, true);
    return backend.backward(z, y, gradOut, gradZ);
  }

  /**
   * Whether {@link #backward} may write {@code dz} over {@code gradOut} itself: oneDNN's
   * element-wise backward runs in place on arrays that fit it (one of its four memory streams
   * fewer); the libnd4j fallback is not asked to.
   */
  boolean inPlace(INDArray y, INDArray gradOut) {
    backend = Backend.ready(backend, y, true);
    return backend instanceof OneDnnEltwise && OneDnnEltwise.fits(y, gradOut);
  }
}
