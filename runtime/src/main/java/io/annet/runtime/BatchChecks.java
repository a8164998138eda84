package io.annet.runtime;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The value checks of {@link Network}'s batches: floating-point types, finite inputs, class
 * indices in range, and label rows that are probability distributions (every entry in [0, 1], the
 * row summing to 1 within 1e-3; NaN and infinities fail both). The common case costs one reduction for the input and two
 * for labels, on buffers kept between calls.
 */
final class BatchChecks {
  private static final double TOLERANCE = 1e-3;

  private final String model;
  private final int classes;
  private final DataType dtype;
  private final StepBuffers buffers;

  BatchChecks(String model, int classes, DataType dtype, StepBuffers buffers) {
    this.model = model;
    this.classes = classes;
    this.dtype = dtype;
    this.buffers = buffers;
  }

  /**
   * Checks {@code x} against the per-example input shape {@code example}: {@code [N, ...example]}
   * with N >= 1, floating point, finite; returns it, or a converted c-order copy.
   */
  INDArray input(INDArray x, int[] example) {
    String expected = ShapeMismatchException.batched(example);
    if (x == null) {
      throw new ShapeMismatchException(model + " expects input " + expected + ", found null");
    }
    long[] found = x.shape();
    boolean ok = found.length == example.length + 1 && found[0] >= 1;
    for (int i = 0; ok && i < example.length; i++) {
      ok = found[i + 1] == example[i];
    }
    if (!ok) {
      throw new ShapeMismatchException(
          model + " expects input " + expected + ", found " + Arrays.toString(found)
              + (found.length > 0 && found[0] == 0 ? " (an empty batch)" : ""));
    }
    INDArray input = converted(x, "input");
    requireFinite(input);
    return input;
  }

  /** Checks a caller's output array: {@code [n, classes]} of the network's type. */
  void requireOutput(INDArray out, long n) {
    if (out == null || out.rank() != 2 || out.size(0) != n || out.size(1) != classes) {
      throw new ShapeMismatchException(
          model + " expects an output array [" + n + ", " + classes + "], found "
              + (out == null ? "null" : Arrays.toString(out.shape())));
    }
    if (out.dataType() != dtype) {
      throw new DataTypeMismatchException(
          model + " expects an output array of type " + dtype + ", found " + out.dataType());
    }
  }

  /** {@code a}, of a floating-point type, as a dense c-order array of the network's type. */
  INDArray converted(INDArray a, String what) {
    DataType found = a.dataType();
    if (!found.isFPType()) {
      throw new DataTypeMismatchException(
          model + " expects " + what + " of a floating-point type (" + dtype + "), found " + found);
    }
    INDArray typed = found == dtype ? a : a.castTo(dtype);
    return Layouts.isDenseC(typed) ? typed : typed.dup('c');
  }

  /** Rejects NaN and infinite inputs, naming the first example that holds one. */
  void requireFinite(INDArray x) {
    if (FiniteScan.readable(x) ? FiniteScan.allFinite(x) : Double.isFinite(buffers.sum(x))) {
      return; // one reduction in the common case; a huge but finite batch may overflow the sum
    }
    INDArray bad = x.isNaN().castTo(DataType.INT).addi(x.isInfinite().castTo(DataType.INT));
    long[] perExample = bad.reshape('c', x.size(0), -1).sum(1).toLongVector();
    for (int i = 0; i < perExample.length; i++) {
      if (perExample[i] > 0) {
        throw new NonFiniteInputException(
            model + " expects finite input values, found " + perExample[i]
                + " NaN or infinite value(s) in example " + i + " of " + perExample.length
                + "; check the data and its normalisation", i, perExample[i]);
      }
    }
  }

  /** Labels {@code [n, classes]}: one row per example, one column per class. */
  void requireShape(INDArray labels, long n) {
    if (labels == null) {
      throw new LabelException(model + " expects labels [" + n + ", " + classes + "], found null");
    }
    long[] found = labels.shape();
    if (found.length != 2 || found[0] != n || found[1] != classes) {
      throw new LabelException(
          model + " expects labels [" + n + ", " + classes + "] (one row per example, one column"
              + " per class), found " + Arrays.toString(found));
    }
  }

  /** Rows of {@code y} (of the network's type, c-order) that are distributions; returns it. */
  INDArray requireDistributions(INDArray y) {
    INDArray rowSums = buffers.rowSums(y);
    long n = y.size(0);
    for (int row = 0; row < n; row++) {
      double rowSum = rowSums.getDouble(row);
      if (!(Math.abs(rowSum - 1.0) <= TOLERANCE)) { // also catches NaN
        throw new LabelException(
            model + " expects label rows that sum to 1 (one-hot or probabilities), found row "
                + row + " summing to " + rowSum);
      }
    }
    if (!(buffers.min(y) >= 0)) { // a row such as [2, -1, 0] sums to 1
      for (int row = 0; row < n; row++) {
        for (int c = 0; c < classes; c++) {
          double p = y.getDouble(row, c);
          if (!(p >= 0 && p <= 1)) {
            throw new LabelException(
                model + " expects label entries in [0, 1] (one-hot or probabilities), found "
                    + p + " in row " + row + ", column " + c + describe(y, row));
          }
        }
      }
    }
    return y;
  }

  /** {@code n} class indices in {@code [0, classes)}. */
  void requireIndices(int[] indices, long n) {
    if (indices == null || indices.length != n) {
      throw new LabelException(
          model + " expects " + n + " class indices (one per example), found "
              + (indices == null ? "null" : indices.length));
    }
    for (int i = 0; i < indices.length; i++) {
      int c = indices[i];
      if (c < 0 || c >= classes) {
        throw new LabelException(
            model + " expects class indices in [0, " + classes + "), found " + c + " at " + i);
      }
    }
  }

  /** The row's values when there are few enough to read. */
  private String describe(INDArray y, int row) {
    return classes > 12 ? "" : " " + Arrays.toString(y.getRow(row).toDoubleVector());
  }
}
