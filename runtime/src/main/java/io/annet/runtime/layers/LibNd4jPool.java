package io.annet.runtime.layers;

import io.annet.dsl.Window;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pooling on libnd4j's {@code maxpool2d}/{@code avgpool2d} and their {@code _bp} ops through
 * reused native calls; backward reads only the input and the output gradient (no workspace).
 * Without libnd4j's helpers for the shapes oneDNN refused (see {@link NativeOps#withoutHelpers}).
 */
final class LibNd4jPool implements PoolBackend {
  private final NativeCall forward;
  private final NativeCall backward;
  private final boolean helpers;

  /** Max or average pooling on {@code nativeWindow}, with libnd4j's helpers or not. */
  LibNd4jPool(boolean max, Window nativeWindow, boolean helpers) {
    this.forward = NativeOps.pool2dCall(max, nativeWindow);
    this.backward = NativeOps.pool2dBackwardCall(max, nativeWindow);
    this.helpers = helpers;
  }

  @Override
  public long forward(INDArray x, INDArray y) {
    if (helpers) {
      forward.exec(x, y); // [N,C,H,W] -> [N,C,H',W']
    } else {
      NativeOps.withoutHelpers(() -> forward.exec(x, y));
    }
    return NO_WORKSPACE;
  }

  @Override
  public void backward(INDArray x, long workspace, INDArray dy, INDArray dx) {
    if (helpers) {
      backward.exec(x, dy, dx);
    } else {
      NativeOps.withoutHelpers(() -> backward.exec(x, dy, dx));
    }
  }
}
