package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A MobileNet-style depthwise convolution plus bias and activation (kind {@code DepthwiseConv}):
 * each input channel {@code c} is convolved on its own with {@code multiplier} filters, giving
 * output channels {@code c * multiplier + j}. Shape rule: {@code [C, H, W] -> [C * multiplier, H',
 * W']} with the {@link Window} formula. Weight {@code [C * multiplier, 1, kh, kw]} (PyTorch's
 * grouped layout, groups = C), bias {@code [C * multiplier]}.
 *
 * <p>Forward: {@code z = depthwise(x, W) + b}, {@code y = f(z)}; backward: {@code dz = dy *
 * f'(z)}, then dx, dW, db. Both precisions run libnd4j's {@code depthwise_conv2d} and {@code
 * depthwise_conv2d_bp}: float32 on libnd4j's oneDNN platform helper where libnd4j takes it (not
 * yet a direct oneDNN grouped convolution like {@link OneDnnConv}; not measured), double on
 * libnd4j's own loops; the helpers are switched off for the extreme windows oneDNN refuses, as for
 * {@link ConvLayer}. The weight is handed to libnd4j in its {@code [multiplier, C, kh, kw]}
 * layout, a permuted copy per call.
 */
public final class DepthwiseConvLayer extends AffineKernel
    implements Kernel<DepthwiseConvLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the (c-order) input {@code [N, C, H, W]}
   * @param preActivation {@code z}, before the activation
   * @param output {@code y = f(z)} (the same array as {@code z} for IDENTITY)
   */
  public record Saved(INDArray input, INDArray preActivation, INDArray output) implements Forward {}

  private static final int NCHW = 0;
  private static final int WEIGHTS_M_C_KH_KW = 1;

  private final Window window;
  private final int multiplier;
  private final int[] arguments; // kH, kW, sH, sW, pH, pW, dH, dW, paddingMode, dataFormat, wFormat
  private final boolean helpers;

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
    this.arguments = new int[] {
      n.kernelHeight(), n.kernelWidth(), n.strideHeight(), n.strideWidth(),
      n.same() ? 0 : n.paddingHeight(), n.same() ? 0 : n.paddingWidth(), 1, 1,
      n.same() ? 1 : 0, NCHW, WEIGHTS_M_C_KH_KW
    };
    this.helpers = OneDnn.ordinary(window, inputShape[1], inputShape[2]);
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
    INDArray z = preActivationBuffer.get(n);
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("depthwise_conv2d").addIntegerArguments(arguments).addOutputs(z);
    if (bias == null) {
      op.addInputs(x, nativeWeight());
    } else {
      op.addInputs(x, nativeWeight(), bias);
    }
    run(op.build());
    return new Saved(x, z, activate(z, n));
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    long n = dy.size(0);
    INDArray dz = Checks.contiguous(activationGradient(saved.preActivation(), saved.output(), dy, n));
    INDArray dx = gradInputBuffer.get(n);
    INDArray w = nativeWeight();
    INDArray dw = Nd4j.createUninitialized(dtype, w.shape());
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("depthwise_conv2d_bp").addIntegerArguments(arguments);
    if (bias == null) {
      op.addInputs(saved.input(), w, dz).addOutputs(dx, dw);
    } else {
      op.addInputs(saved.input(), w, bias, dz).addOutputs(dx, dw, biasGrad);
    }
    run(op.build());
    // [multiplier, C, kh, kw] back to [C * multiplier, 1, kh, kw]
    weightGrad.reshape('c', inputShape[0], multiplier, window.kernelHeight(), window.kernelWidth())
        .assign(dw.permute(1, 0, 2, 3));
    return dx;
  }

  /** The weight in libnd4j's {@code [multiplier, C, kh, kw]} layout (a c-order copy). */
  private INDArray nativeWeight() {
    return weight.reshape('c', inputShape[0], multiplier, window.kernelHeight(),
        window.kernelWidth()).permute(1, 0, 2, 3).dup('c');
  }

  private void run(DynamicCustomOp op) {
    if (helpers) {
      Nd4j.exec(op);
    } else {
      NativeOps.withoutHelpers(() -> Nd4j.exec(op));
    }
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
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return OnnxNodes.conv(graph, name, inputs.get(0), inputShape, window, inputShape[0], weight,
        bias, activation);
  }
}
