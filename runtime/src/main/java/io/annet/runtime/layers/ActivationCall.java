package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer's activation, allocating nothing per step: float32 on oneDNN's element-wise
 * primitives ({@link OneDnnEltwise}, 4-5x faster than libnd4j's {@code relu_bp}); otherwise reused
 * native calls ({@code relu}/{@code relu_bp}, {@code lrelu}/{@code lrelu_bp}), TANH and SIGMOID
 * in {@link Activations}' element-wise forms. IDENTITY passes the arrays through. Same contract as
 * {@link Activations#forward} and {@link Activations#backward}.
 */
final class ActivationCall {
  private final Activation activation;
  private final NativeCall forward;
  private final NativeCall backward;
  private OneDnnEltwise eltwise;

  ActivationCall(Activation activation) {
    this.activation = activation;
    this.eltwise = OneDnnEltwise.of(activation);
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
    if (eltwise != null && OneDnnEltwise.fits(z, out)) {
      try {
        eltwise.forward(z, out);
        return out;
      } catch (OneDnn.Unsupported e) {
        eltwise = null; // libnd4j from now on
      }
    }
    if (forward == null) {
      return Activations.forward(activation, z, out);
    }
    forward.exec(z, out);
    return out;
  }

  /**
   * {@code gradOut * f'(z)} into {@code gradZ}, returned; IDENTITY returns {@code gradOut}. {@code
   * z} may be null when the activation was fused into a convolution: every activation here is
   * differentiable from {@code y} (ReLU and leaky ReLU through its sign, which is {@code z}'s).
   */
  INDArray backward(INDArray z, INDArray y, INDArray gradOut, INDArray gradZ) {
    if (eltwise != null && OneDnnEltwise.fits(y, gradOut, gradZ)) {
      try {
        eltwise.backward(y, gradOut, gradZ);
        return gradZ;
      } catch (OneDnn.Unsupported e) {
        eltwise = null;
      }
    }
    INDArray pre = z != null ? z : y;
    if (backward == null) {
      return Activations.backward(activation, pre, y, gradOut, gradZ);
    }
    backward.exec(pre, gradOut, gradZ);
    return gradZ;
  }
}
