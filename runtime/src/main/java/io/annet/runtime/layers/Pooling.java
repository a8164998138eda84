package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state and calls max and average pooling share: shapes, buffers, and the native ops (oneDNN's
 * primitives for float32, libnd4j's {@code maxpool2d}/{@code avgpool2d} otherwise).
 */
final class Pooling {
  final String name;
  final boolean max;
  final int[] inputShape;
  final int[] outputShape;
  final Window window;
  private final Window nativeWindow;
  final DataType dtype;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer gradInputBuffer;
  private final NativeCall poolForward;
  private final NativeCall poolBackward;
  private OneDnnPool onednn; // null after oneDNN refused this layer's shape
  private boolean refused; // then libnd4j runs it without its own (asserting) oneDNN

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
    this.nativeWindow = NativeOps.resolve(name, window, inputShape[1], inputShape[2]);
    this.outputBuffer = new BatchBuffer(dtype, outputShape);
    this.gradInputBuffer = new BatchBuffer(dtype, inputShape);
    this.poolForward = NativeOps.pool2dCall(max, nativeWindow);
    this.poolBackward = NativeOps.pool2dBackwardCall(max, nativeWindow);
    boolean fast = dtype == DataType.FLOAT && OneDnn.available();
    this.onednn = fast && OneDnn.ordinary(window, inputShape[1], inputShape[2])
        ? new OneDnnPool(max, inputShape, window) : null;
    this.refused = fast && onednn == null; // an extreme window: libnd4j without its oneDNN
  }

  /** Checks the input, returns {@code {x, y}}: the c-order input and the pooled output. */
  INDArray[] forward(INDArray input) {
    Checks.batch(name, "input", input, inputShape, dtype);
    INDArray x = Checks.contiguous(input);
    INDArray y = outputBuffer.get(x.size(0));
    if (onednn != null) {
      try {
        onednn.forward(x, y);
        return new INDArray[] {x, y};
      } catch (OneDnn.Unsupported e) {
        onednn = null; // a shape oneDNN refuses (e.g. a huge stride): libnd4j from now on
        refused = true;
      }
    }
    if (refused) {
      NativeOps.withoutHelpers(() -> poolForward.exec(x, y));
    } else {
      poolForward.exec(x, y); // [N,C,H,W] -> [N,C,H',W']
    }
    return new INDArray[] {x, y};
  }

  INDArray backward(INDArray x, INDArray y, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, y);
    INDArray dy = Checks.contiguous(gradOutput);
    INDArray dx = gradInputBuffer.get(dy.size(0));
    if (onednn != null) {
      try {
        onednn.backward(dy, dx);
        return dx;
      } catch (OneDnn.Unsupported e) {
        onednn = null;
        refused = true;
      }
    }
    if (refused) {
      NativeOps.withoutHelpers(() -> poolBackward.exec(x, dy, dx));
    } else {
      poolBackward.exec(x, dy, dx);
    }
    return dx;
  }

  @Override
  public String toString() {
    return name + " @" + (max ? "MaxPool " : "AvgPool ") + window + " "
        + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape);
  }
}
