package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a layer's activation computes: oneDNN's element-wise primitives ({@link OneDnnEltwise}) or
 * libnd4j's ops ({@link LibNd4jActivation}). Same contract as {@link Activations#forward} and
 * {@link Activations#backward}.
 */
interface ActivationBackend extends Backend<ActivationBackend> {
  /** {@code f(z)} into {@code out}, returned; IDENTITY returns {@code z}, ignoring {@code out}. */
  INDArray forward(INDArray z, INDArray out);

  /**
   * {@code gradOut * f'(z)} into {@code gradZ}, returned; IDENTITY returns {@code gradOut}. {@code
   * z} may be null when the activation was fused into a convolution: every activation here is
   * differentiable from {@code y} (ReLU and leaky ReLU through its sign, which is {@code z}'s).
   */
  INDArray backward(INDArray z, INDArray y, INDArray gradOut, INDArray gradZ);

  /** oneDNN's primitives for {@code activation} when the library loaded, else libnd4j's ops. */
  static ActivationBackend of(Activation activation) {
    LibNd4jActivation plain = new LibNd4jActivation(activation);
    OneDnnEltwise eltwise = OneDnnEltwise.of(activation, plain);
    return eltwise != null ? eltwise : plain;
  }
}
