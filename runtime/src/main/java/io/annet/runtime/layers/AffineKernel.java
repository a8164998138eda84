package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.runtime.Initializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a convolution and a dense layer share on top of {@link KernelBase}: a weight and optional
 * bias with their gradients, the activation after the affine map ({@code z = affine(x)}, {@code y
 * = f(z)}), and the buffers of {@code z}, {@code y}, {@code dz} and {@code dx}, reused per batch
 * size.
 */
abstract class AffineKernel extends KernelBase {
  final Activation activation;
  private final ActivationCall activationCall;
  // set once by the subclass's constructor through weights(), after it checked the shapes
  INDArray weight;
  INDArray bias;
  INDArray weightGrad;
  INDArray biasGrad;
  BatchBuffer preActivationBuffer;
  BatchBuffer outputBuffer;
  private BatchBuffer gradPreActivationBuffer;
  BatchBuffer gradInputBuffer;

  AffineKernel(String name, String kind, int[] inputShape, DataType dtype, Activation activation) {
    super(name, kind, inputShape, dtype);
    this.activation = activation;
    this.activationCall = new ActivationCall(activation);
  }

  /**
   * Takes {@code weight} and, when {@code bias}, a zero bias of {@code outputs} values as the
   * parameters, with zero gradients; buffers for the output shape set before and for input
   * gradients of {@code gradInputShape} per example.
   */
  final void weights(INDArray weight, boolean bias, int outputs, int[] gradInputShape) {
    this.weight = weight;
    this.weightGrad = trainable("weight", weight);
    this.bias = bias ? Initializer.zeros(dtype, outputs) : null;
    this.biasGrad = bias ? trainable("bias", this.bias) : null;
    this.preActivationBuffer = new BatchBuffer(dtype, output());
    this.outputBuffer = new BatchBuffer(dtype, output());
    this.gradPreActivationBuffer = new BatchBuffer(dtype, output());
    this.gradInputBuffer = new BatchBuffer(dtype, gradInputShape);
  }

  /** {@code y = f(z)} for a batch of {@code n} (IDENTITY: {@code z} itself). */
  final INDArray activate(INDArray z, long n) {
    return activationCall.forward(z,
        activation == Activation.IDENTITY ? null : outputBuffer.get(n));
  }

  /** {@code dz = dy f'(z)} for a batch of {@code n}; {@code z} may be null (see ActivationCall). */
  final INDArray activationGradient(INDArray z, INDArray y, INDArray dy, long n) {
    return activationCall.backward(z, y, dy,
        activation == Activation.IDENTITY ? null : gradPreActivationBuffer.get(n));
  }

  /**
   * The same for a {@code dy} the caller owns and reads no more: {@code dz} may be written over it
   * when the activation's backend can run in place ({@link ActivationCall#inPlace}).
   */
  final INDArray activationGradientOver(INDArray z, INDArray y, INDArray dy, long n) {
    if (activation != Activation.IDENTITY && activationCall.inPlace(y, dy)) {
      return activationCall.backward(z, y, dy, dy);
    }
    return activationGradient(z, y, dy, n);
  }

  /** The live weight (its shape in the layer's description). */
  public INDArray weight() {
    return weight;
  }

  /** The live bias, one value per output channel or unit; null without bias. */
  public INDArray bias() {
    return bias;
  }

  /** The nonlinearity after the affine map. */
  public Activation activation() {
    return activation;
  }
}
