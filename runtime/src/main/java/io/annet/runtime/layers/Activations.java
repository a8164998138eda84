package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise nonlinearities, forward and backward side by side: {@code y = f(z)} and {@code
 * dL/dz = dL/dy * f'(z)}, written into preallocated arrays of one shape.
 *
 * <p>RELU {@code max(0, z)}, f' = 1 for z > 0; LEAKY_RELU {@code z > 0 ? z : 0.01 z}; TANH, f' =
 * 1 - y^2; SIGMOID, f' = y (1 - y); IDENTITY, no work at all (the arrays are passed through).
 */
public final class Activations {
  private Activations() {}

  /**
   * Computes {@code f(z)} into {@code out} and returns it; for IDENTITY returns {@code z} itself
   * and leaves {@code out} untouched.
   */
  public static INDArray forward(Activation activation, INDArray z, INDArray out) {
    switch (activation) {
      case IDENTITY:
        return z;
      case RELU:
        Nd4j.exec(new RectifiedLinear(z, out, 0.0));
        return out;
      case LEAKY_RELU:
        Nd4j.exec(new LeakyReLU(z, out, Activation.LEAKY_SLOPE));
        return out;
      case TANH:
        Nd4j.exec(new Tanh(z, out));
        return out;
      case SIGMOID:
        Nd4j.exec(new Sigmoid(z, out));
        return out;
      default:
        throw new IllegalArgumentException("unknown activation " + activation);
    }
  }

  /**
   * Computes {@code gradOut * f'(z)} into {@code gradZ} and returns it, given the forward's input
   * {@code z} and output {@code y}; for IDENTITY returns {@code gradOut} itself.
   */
  public static INDArray backward(
      Activation activation, INDArray z, INDArray y, INDArray gradOut, INDArray gradZ) {
    switch (activation) {
      case IDENTITY:
        return gradOut;
      case RELU:
        Nd4j.exec(new RectifiedLinearDerivative(z, gradOut, gradZ));
        return gradZ;
      case LEAKY_RELU:
        Nd4j.exec(new LeakyReLUBp(z, gradOut, gradZ, Activation.LEAKY_SLOPE));
        return gradZ;
      case TANH: // 1 - y^2
        return gradZ.assign(y).muli(y).rsubi(1.0).muli(gradOut);
      case SIGMOID: // y (1 - y)
        return gradZ.assign(y).rsubi(1.0).muli(y).muli(gradOut);
      default:
        throw new IllegalArgumentException("unknown activation " + activation);
    }
  }
}
