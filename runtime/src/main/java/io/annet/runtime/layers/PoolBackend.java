package io.annet.runtime.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How max or average pooling computes: oneDNN's primitives ({@link OneDnnPool}) or libnd4j's
 * {@code maxpool2d}/{@code avgpool2d} ({@link LibNd4jPool}). A forward names the workspace it
 * left (oneDNN's max pooling records each window's arg-max there), and the backward of that
 * forward hands the name back: the caller keeps it in its {@code Saved} record.
 */
interface PoolBackend extends Backend<PoolBackend> {
  /** No workspace: what a backend without one returns and accepts. */
  long NO_WORKSPACE = 0;

  /**
   * Whether the calls to come read and write {@link BlockedLayout}'s {@code nChw16c} maps; false
   * when this backend computes on plain arrays only (and {@code blocked} is set).
   */
  default boolean layout(boolean blocked) {
    return !blocked;
  }

  /** {@code y = pool(x)}; returns the workspace this forward left, or {@link #NO_WORKSPACE}. */
  long forward(INDArray x, INDArray y);

  /** {@code dx} from {@code dy} for the forward of {@code x} that returned {@code workspace}. */
  void backward(INDArray x, long workspace, INDArray dy, INDArray dx);
}
