package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state and calls max and average pooling share: shapes, buffers, and the layer's one {@link
 * PoolBackend} (oneDNN's primitives for float32, libnd4j's {@code maxpool2d}/{@code avgpool2d}
 * otherwise).
 */
final class Pooling {
  /**
   * Makes a kernel's {@code Saved} record from one forward.
   *
   * @param <S> the record
   */
  interface Result<S> {
    /** The record of input {@code x}, output {@code y} and the backend's {@code workspace}. */
    S of(INDArray x, INDArray y, long workspace);
  }

  final String name;
  final boolean max;
  final int[] inputShape;
  final int[] outputShape;
  final Window window;
  final DataType dtype;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer gradInputBuffer;
  private PoolBackend backend; // its fallback for good once oneDNN refused a shape
  private BlockedLayout blockedScope; // null unless a network marked the maps blocked

  Pooling(String name, boolean max, int[] inputShape, Window window, DataType dtype) {
    this.name = name;
    this.max = max;
    this.inputShape = inputShape.clone();
    this.window = window;
    this.dtype = dtype;
    if (inputShape.length != 3) {
      throw new ShapeMismatchException(
          name + ": pooling needs an input [C, H, W], found " + Arrays.toString(inputShape));
    }
    int h = window.outputHeight(inputShape[1]);
    int w = window.outputWidth(inputShape[2]);
    if (h < 1 || w < 1) {
      throw new ShapeMismatchException(
          name + ": window " + window + " does not fit the input " + Arrays.toString(inputShape));
    }
    this.outputShape = new int[] {inputShape[0], h, w};
    this.outputBuffer = new BatchBuffer(dtype, outputShape);
    this.gradInputBuffer = new BatchBuffer(dtype, inputShape);
    this.backend = choose(max, inputShape, window,
        NativeOps.resolve(name, window, inputShape[1], inputShape[2]), dtype);
  }

  /**
   * oneDNN for float32 when it loaded, falling back to libnd4j without its helpers (directly for
   * an extreme window oneDNN is not asked about); libnd4j otherwise.
   */
  private static PoolBackend choose(boolean max, int[] inputShape, Window window,
      Window nativeWindow, DataType dtype) {
    if (dtype != DataType.FLOAT || !OneDnn.available()) {
      return new LibNd4jPool(max, nativeWindow, true);
    }
    LibNd4jPool withoutHelpers = new LibNd4jPool(max, nativeWindow, false);
    return OneDnn.ordinary(window, inputShape[1], inputShape[2])
        ? new OneDnnPool(max, inputShape, window, withoutHelpers) : withoutHelpers;
  }

  /** Checks the input, pools it and returns {@code result} of the forward. */
  <S> S forward(INDArray input, Result<S> result) {
    Checks.batch(name, "input", input, inputShape, dtype);
    INDArray x = Checks.contiguous(input);
    INDArray y = outputBuffer.get(x.size(0));
    backend = Backend.ready(backend, x, false);
    useLayout();
    long workspace = backend.forward(x, y);
    return result.of(x, y, workspace);
  }

  /** The input gradient for the forward of {@code x} that gave {@code y} and {@code workspace}. */
  INDArray backward(INDArray x, INDArray y, long workspace, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, y);
    INDArray dy = Checks.contiguous(gradOutput);
    INDArray dx = gradInputBuffer.get(dy.size(0));
    backend = Backend.ready(backend, dy, true);
    useLayout();
    backend.backward(x, workspace, dy, dx);
    return dx;
  }

  /** Whether this pooling runs on oneDNN's primitives (not once oneDNN refused its shape). */
  /** Marks the maps (input and, unless global, output) blocked while {@code scope} is on. */
  void markBlocked(BlockedLayout scope) {
    this.blockedScope = scope;
  }

  /** Whether the maps can be held blocked: oneDNN's pooling, channels a multiple of 16. */
  boolean readsBlocked() {
    return onOneDnn() && BlockedLayout.fits(inputShape[0]);
  }

  private void useLayout() {
    if (!backend.layout(BlockedLayout.of(blockedScope, BlockedLayout.INPUT) != 0)) {
      throw new IllegalStateException(name + ": oneDNN refused this batch's pooling, whose maps"
          + " the network's training step keeps in oneDNN's blocked layout");
    }
  }

  boolean onOneDnn() {
    return backend instanceof OneDnnPool;
  }

  @Override
  public String toString() {
    return name + " @" + (max ? "MaxPool " : "AvgPool ") + window + " "
        + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape);
  }
}
