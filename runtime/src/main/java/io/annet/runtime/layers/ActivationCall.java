package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer's activation as reused native calls ({@code relu}/{@code relu_bp}, {@code
 * lrelu}/{@code lrelu_bp}), so that the step allocates nothing; TANH and SIGMOID use {@link
 * Activations}' element-wise forms, IDENTITY passes the arrays through. Same contract as {@link
 * Activations#forward} and {@link Activations#backward}.
 */
final class ActivationCall {
  private final Activation activation;
  private final NativeCall forward;
  private final NativeCall backward;

  ActivationCall(Activation activation) {
    this.activation = activation;
    switch (activation) {
      case RELU -> {
        forward = new NativeCall("relu").doubles(0.0);
        backward = new NativeCall("relu_bp").doubles(0.0);
      }
      case LEAKY_RELU -> {
        forward = new NativeCall("lrelu").doubles(Activation.LEAKY_SLOPE);
        backward = new NativeCall("lrelu_bp").doubles(Activation.LEAKY_SLOPE);
      }
      default -> {
        forward = null;
        backward = null;
      }
    }
  }

  /** {@code f(z)} into {@code out}, returned; IDENTITY returns {@code z} and ignores {@code out}. */
  INDArray forward(INDArray z, INDArray out) {
    if (forward == null) {
      return Activations.forward(activation, z, out);
    }
    forward.exec(z, out);
    return out;
  }

  /** {@code gradOut * f'(z)} into {@code gradZ}, returned; IDENTITY returns {@code gradOut}. */
  INDArray backward(INDArray z, INDArray y, INDArray gradOut, INDArray gradZ) {
    if (backward == null) {
      return Activations.backward(activation, z, y, gradOut, gradZ);
    }
    backward.exec(z, gradOut, gradZ);
    return gradZ;
  }
}
