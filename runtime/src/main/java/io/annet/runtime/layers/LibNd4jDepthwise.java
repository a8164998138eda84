package io.annet.runtime.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A depthwise convolution on libnd4j's {@code depthwise_conv2d}/{@code depthwise_conv2d_bp}: the
 * double-precision path of {@link DepthwiseConvLayer}, and the float32 one when oneDNN is not
 * loaded or refused the shape (then without libnd4j's helpers, see {@link
 * NativeOps#withoutHelpers}). libnd4j wants the weight as {@code [multiplier, C, kh, kw]}: it is
 * permuted into a reused buffer each call, and the weight gradient back.
 */
final class LibNd4jDepthwise implements ConvBackend {
  private final int[] arguments; // kH, kW, sH, sW, pH, pW, dH, dW, paddingMode, dataFormat, wFormat
  private final boolean helpers;
  private final long[] nativeShape;
  private final INDArray nativeWeight;
  private final INDArray nativeWeightGrad;

  /**
   * On {@code arguments} (libnd4j's integer arguments, the weight in its {@code [multiplier, C,
   * kh, kw]} format), for {@code channels} channels of {@code multiplier} filters each.
   */
  LibNd4jDepthwise(int[] arguments, boolean helpers, DataType dtype, int channels, int multiplier,
      int kh, int kw) {
    this.arguments = arguments.clone();
    this.helpers = helpers;
    this.nativeShape = new long[] {channels, multiplier, kh, kw};
    this.nativeWeight = Nd4j.create(dtype, multiplier, channels, kh, kw);
    this.nativeWeightGrad = Nd4j.create(dtype, multiplier, channels, kh, kw);
  }

  @Override
  public ConvLayer.Path path() {
    return ConvLayer.Path.NATIVE;
  }

  @Override
  public void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("depthwise_conv2d").addIntegerArguments(arguments).addOutputs(z);
    INDArray nw = toNative(w);
    if (b == null) {
      op.addInputs(x, nw);
    } else {
      op.addInputs(x, nw, b);
    }
    run(op.build());
  }

  @Override
  public void backward(INDArray x, INDArray w, INDArray b, INDArray dz, INDArray dx,
      INDArray dw, INDArray db) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("depthwise_conv2d_bp").addIntegerArguments(arguments);
    INDArray nw = toNative(w);
    if (b == null) {
      op.addInputs(x, nw, dz).addOutputs(dx, nativeWeightGrad);
    } else {
      op.addInputs(x, nw, b, dz).addOutputs(dx, nativeWeightGrad, db);
    }
    run(op.build());
    // [multiplier, C, kh, kw] back to [C * multiplier, 1, kh, kw]
    dw.reshape('c', nativeShape).assign(nativeWeightGrad.permute(1, 0, 2, 3));
  }

  /** {@code w} {@code [C * multiplier, 1, kh, kw]} in libnd4j's {@code [multiplier, C, kh, kw]}. */
  private INDArray toNative(INDArray w) {
    nativeWeight.permute(1, 0, 2, 3).assign(w.reshape('c', nativeShape));
    return nativeWeight;
  }

  private void run(DynamicCustomOp op) {
    if (helpers) {
      Nd4j.exec(op);
    } else {
      NativeOps.withoutHelpers(() -> Nd4j.exec(op));
    }
  }
}
