package io.annet.runtime.layers;

import io.annet.dsl.Window;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution on libnd4j's {@code conv2d}/{@code conv2d_bp} (its own oneDNN helpers per op, or
 * without them for the shapes oneDNN refused: see {@link NativeOps#withoutHelpers}). A fresh op
 * context per call on purpose: with one reused context, a second network's convolutions ran
 * 3-10x slower (oneDNN).
 */
final class LibNd4jConv implements ConvBackend {
  private final Window nativeWindow;
  private final boolean helpers;

  /** On {@code nativeWindow} (see {@link NativeOps#resolve}), with libnd4j's helpers or not. */
  LibNd4jConv(Window nativeWindow, boolean helpers) {
    this.nativeWindow = nativeWindow;
    this.helpers = helpers;
  }

  @Override
  public ConvLayer.Path path() {
    return ConvLayer.Path.NATIVE;
  }

  @Override
  public void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
    // [N,C,H,W] * [F,C,kh,kw] (+ b) -> [N,F,H',W']
    if (helpers) {
      NativeOps.conv2d(nativeWindow, x, w, b, z);
    } else {
      NativeOps.withoutHelpers(() -> NativeOps.conv2d(nativeWindow, x, w, b, z));
    }
  }

  @Override
  public void backward(INDArray x, INDArray w, INDArray b, INDArray dz, INDArray dx,
      INDArray dw, INDArray db) {
    if (helpers) {
      NativeOps.conv2dBackward(nativeWindow, x, w, b, dz, dx, dw, db);
    } else {
      NativeOps.withoutHelpers(
          () -> NativeOps.conv2dBackward(nativeWindow, x, w, b, dz, dx, dw, db));
    }
  }
}
