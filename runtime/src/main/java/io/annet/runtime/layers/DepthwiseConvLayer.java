package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A MobileNet-style depthwise convolution plus bias and activation (kind {@code DepthwiseConv}):
 * each input channel {@code c} is convolved on its own with {@code multiplier} filters, giving
 * output channels {@code c * multiplier + j}. Shape rule: {@code [C, H, W] -> [C * multiplier, H',
 * W']} with the {@link Window} formula. Weight {@code [C * multiplier, 1, kh, kw]} (PyTorch's
 * grouped layout, groups = C), bias {@code [C * multiplier]}.
 *
 * <p>Forward: {@code z = depthwise(x, W) + b}, {@code y = f(z)}; backward: {@code dz = dy *
 * f'(z)}, then dx, dW, db, on the layer's one {@link ConvBackend}: float32 on oneDNN's grouped
 * convolution ({@link OneDnnConv} with one group per channel, whose {@code goihw} weight is this
 * layer's weight as it lies in memory; the activation fused into the forward pass), double
 * precision (and float32 without oneDNN, or for the extreme windows oneDNN refuses) on libnd4j's
 * {@code depthwise_conv2d}/{@code depthwise_conv2d_bp} ({@link LibNd4jDepthwise}).
 */
public final class DepthwiseConvLayer extends AffineKernel
    implements Kernel<DepthwiseConvLayer.Saved>, InferencePlannable {

  /**
   * What backward needs.
   *
   * @param input the (c-order) input {@code [N, C, H, W]}
   * @param preActivation {@code z}, before the activation; null when the activation was fused
   *     into the convolution (the oneDNN path differentiates it from the output)
   * @param output {@code y = f(z)} (the same array as {@code z} for IDENTITY)
   */
  public record Saved(INDArray input, INDArray preActivation, INDArray output) implements Forward {}

  private static final int NCHW = 0;
  private static final int WEIGHTS_M_C_KH_KW = 1;

  private final Window window;
  private final int multiplier;
  private ConvBackend backend; // its fallback for good once oneDNN refused a shape

  /** A depthwise convolution with {@code multiplier} filters per channel, drawn from {@code init}. */
  public DepthwiseConvLayer(
      String name, int[] inputShape, int multiplier, Window window, Activation activation,
      boolean bias, DataType dtype, Initializer init) {
    super(name, "DepthwiseConv", inputShape, dtype, activation);
    this.window = window;
    this.multiplier = multiplier;
    if (inputShape.length != 3 || multiplier < 1
        || (long) inputShape[0] * multiplier > Integer.MAX_VALUE) {
      throw new ShapeMismatchException(
          name + ": a depthwise convolution needs an input [C, H, W] and 1 <= multiplier,"
              + " C * multiplier <= 2147483647, found " + Arrays.toString(inputShape)
              + " and multiplier " + multiplier);
    }
    int h = window.outputHeight(inputShape[1]);
    int w = window.outputWidth(inputShape[2]);
    if (h < 1 || w < 1) {
      throw new ShapeMismatchException(
          name + ": window " + window + " does not fit the input " + Arrays.toString(inputShape));
    }
    int c = inputShape[0];
    int channels = c * multiplier;
    outputShape(channels, h, w);
    Window n = NativeOps.resolve(name, window, inputShape[1], inputShape[2]);
    int[] arguments = {
      n.kernelHeight(), n.kernelWidth(), n.strideHeight(), n.strideWidth(),
      n.same() ? 0 : n.paddingHeight(), n.same() ? 0 : n.paddingWidth(), 1, 1,
      n.same() ? 1 : 0, NCHW, WEIGHTS_M_C_KH_KW
    };
    boolean ordinary = OneDnn.ordinary(window, inputShape[1], inputShape[2]);
    boolean onednn = dtype == DataType.FLOAT && OneDnn.available() && ordinary;
    // oneDNN's fallback (should it refuse a batch) runs without libnd4j's oneDNN helpers
    LibNd4jDepthwise libnd4j = new LibNd4jDepthwise(arguments, ordinary && !onednn, dtype, c,
        multiplier, window.kernelHeight(), window.kernelWidth());
    this.backend = onednn
        ? new OneDnnConv(inputShape, channels, window, bias, activation, libnd4j, c)
        : libnd4j;
    int kh = window.kernelHeight();
    int kw = window.kernelWidth();
    long[] weightShape = {channels, 1, kh, kw};
    weights(
        init.weights(weightShape, (long) kh * kw, (long) multiplier * kh * kw, activation, dtype),
        bias, channels, inputShape);
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    Checks.batch(name, "input", input, inputShape, dtype);
    INDArray x = Checks.contiguous(input);
    long n = x.size(0);
    backend = Backend.ready(backend, x, false);
    boolean identity = activation == Activation.IDENTITY;
    if (backend.fusesActivation()) { // the activation runs inside the convolution: no extra pass
      INDArray y = identity ? preActivationBuffer.get(n) : outputBuffer.get(n);
      backend.forward(x, weight, bias, y);
      return new Saved(x, identity ? y : null, y);
    }
    INDArray z = preActivationBuffer.get(n);
    backend.forward(x, weight, bias, z);
    return new Saved(x, z, activate(z, n));
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    return backward(saved, gradOutput, true);
  }

  /**
   * Sets the parameter gradients only: the first layer of a network, whose input gradient nobody
   * reads (on the oneDNN path this skips the backward-data convolution).
   */
  @Override
  public void backwardParameters(Saved saved, INDArray gradOutput) {
    backward(saved, gradOutput, false);
  }

  private INDArray backward(Saved saved, INDArray gradOutput, boolean inputGradient) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    long n = dy.size(0);
    INDArray dz =
        Checks.contiguous(activationGradient(saved.preActivation(), saved.output(), dy, n));
    backend = Backend.ready(backend, dz, true);
    INDArray dx = inputGradient || !backend.skipsInputGradient() ? gradInputBuffer.get(n) : null;
    backend.backward(saved.input(), weight, bias, dz, dx, weightGrad, biasGrad);
    return dx;
  }

  /** The path this layer computes with (NATIVE once oneDNN refused its shape). */
  ConvLayer.Path path() {
    return backend.path();
  }

  /** The per-example input shape {@code [C, H, W]}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The sliding window. */
  public Window window() {
    return window;
  }

  /** Filters per input channel. */
  public int multiplier() {
    return multiplier;
  }

  @Override
  String describe() {
    return " " + window + " x" + multiplier + super.describe();
  }

  /** A grouped {@code Conv} (one group per input channel), then the activation as its own node. */
  /** A convolution of one group per channel, the activation as its post-op. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return ConvLayer.planConv(plan, inputs.get(0), name, inputShape, window, weight, bias,
        inputShape[0], activation, output());
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return OnnxNodes.conv(graph, name, inputs.get(0), inputShape, window, inputShape[0], weight,
        bias, activation);
  }
}
