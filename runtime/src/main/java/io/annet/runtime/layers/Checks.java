package io.annet.runtime.layers;

import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.Layouts;
import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The cheap argument checks every kernel runs before it hands arrays to ND4J. */
final class Checks {
  private Checks() {}

  /** Requires {@code array} to be {@code [N, ...perExample]} of {@code dtype}, N >= 1. */
  static void batch(String layer, String what, INDArray array, int[] perExample, DataType dtype) {
    long[] found = array.shape();
    boolean ok = found.length == perExample.length + 1 && found[0] >= 1;
    for (int i = 0; ok && i < perExample.length; i++) {
      ok = found[i + 1] == perExample[i];
    }
    if (!ok) {
      throw new ShapeMismatchException(
          layer + " expects " + what + " " + ShapeMismatchException.batched(perExample)
              + ", found " + Arrays.toString(found));
    }
    if (array.dataType() != dtype) {
      throw new DataTypeMismatchException(
          layer + " expects " + what + " of type " + dtype + ", found " + array.dataType());
    }
  }

  /**
   * Requires one batch per declared input of a merge, each {@code [N, ...perExample[i]]} of {@code
   * dtype}, all with the same {@code N >= 1}.
   */
  static void inputs(String layer, INDArray[] inputs, int[][] perExample, DataType dtype) {
    int found = inputs == null ? 0 : inputs.length;
    if (found != perExample.length) {
      throw new ShapeMismatchException(
          layer + " expects " + perExample.length + " inputs, found " + found);
    }
    for (int i = 0; i < found; i++) {
      if (inputs[i] == null) {
        throw new ShapeMismatchException(
            layer + " expects input " + i + " " + ShapeMismatchException.batched(perExample[i])
                + ", found null");
      }
      batch(layer, "input " + i, inputs[i], perExample[i], dtype);
      if (inputs[i].size(0) != inputs[0].size(0)) {
        throw new ShapeMismatchException(
            layer + " expects one batch size N for all inputs, found N = " + inputs[0].size(0)
                + " (input 0) and N = " + inputs[i].size(0) + " (input " + i + ")");
      }
    }
  }

  /** Requires {@code gradOutput} to have exactly the shape of the forward output. */
  static void sameShape(String layer, INDArray gradOutput, INDArray output) {
    if (!Arrays.equals(gradOutput.shape(), output.shape())) {
      throw new ShapeMismatchException(
          layer + " expects a gradient of its output's shape " + Arrays.toString(output.shape())
              + ", found " + Arrays.toString(gradOutput.shape()));
    }
    if (gradOutput.dataType() != output.dataType()) {
      throw new DataTypeMismatchException(
          layer + " expects a gradient of type " + output.dataType() + ", found "
              + gradOutput.dataType());
    }
  }

  /** Returns {@code a} itself when it is c-order with default strides, else a c-order copy. */
  static INDArray contiguous(INDArray a) {
    return isDenseC(a) ? a : a.dup('c');
  }

  /** Whether {@code a} is dense in c order (size-1 dimensions' strides ignored). */
  static boolean isDenseC(INDArray a) {
    return Layouts.isDenseC(a);
  }
}
