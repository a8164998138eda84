package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An activation on reused native calls ({@code relu}/{@code relu_bp}, {@code lrelu}/{@code
 * lrelu_bp}), TANH and SIGMOID in {@link Activations}' element-wise forms; IDENTITY passes the
 * arrays through. Any data type and layout.
 */
final class LibNd4jActivation implements ActivationBackend {
  private final Activation activation;
  private final NativeCall forward;
  private final NativeCall backward;

  LibNd4jActivation(Activation activation) {
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

  @Override
  public INDArray forward(INDArray z, INDArray out) {
    if (forward == null) {
      return Activations.forward(activation, z, out);
    }
    forward.exec(z, out);
    return out;
  }

  @Override
  public INDArray backward(INDArray z, INDArray y, INDArray gradOut, INDArray gradZ) {
    INDArray pre = z != null ? z : y;
    if (backward == null) {
      return Activations.backward(activation, pre, y, gradOut, gradZ);
    }
    backward.exec(pre, gradOut, gradZ);
    return gradZ;
  }
}
