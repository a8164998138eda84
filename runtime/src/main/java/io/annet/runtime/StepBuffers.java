package io.annet.runtime;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native work behind {@link Network}'s per-step checks and label encoding, on op contexts and
 * buffers kept between calls (the buffers per batch size), so that the checks of a training step
 * create no native object: the sum of an input, the row sums and smallest value of labels,
 * one-hot labels from class indices. The contexts hold on to the last arrays they were given. Not
 * thread-safe, like the network.
 */
final class StepBuffers {
  private final DataType dtype;
  private final DynamicCustomOp sum = DynamicCustomOp.builder("reduce_sum").build();
  private final DynamicCustomOp min = DynamicCustomOp.builder("reduce_min").build();
  private OpContext minContext;
  private INDArray minInput;
  private INDArray smallest; // scalar
  private OpContext totalContext; // made on first use, like everything below
  private INDArray totalInput;
  private INDArray total; // scalar
  private OpContext rowContext;
  private INDArray rowInput;
  private INDArray rowSums; // [N]
  private INDArray oneHot; // [N, classes]
  private int[] hot; // the class each row of oneHot holds
  private INDArray outputHolder; // what rowContext's output is set to

  StepBuffers(DataType dtype) {
    this.dtype = dtype;
  }

  /** The sum of every value of {@code x} (of this dtype), accumulated in this dtype. */
  double sum(INDArray x) {
    if (totalContext == null) {
      totalContext = Nd4j.getExecutioner().buildContext(); // no axis: a full reduction
      total = Nd4j.scalar(dtype, 0.0);
      totalContext.setOutputArray(0, total);
    }
    if (x != totalInput) {
      totalContext.setInputArray(0, x);
      totalInput = x;
    }
    int previous = NativeThreads.limit(NativeThreads.forElements(x.length()));
    try {
      Nd4j.exec(sum, totalContext);
    } finally {
      NativeThreads.restore(previous);
    }
    return total.getDouble(0);
  }

  /** The smallest value of {@code x} (of this dtype); NaN when it holds one. */
  double min(INDArray x) {
    if (minContext == null) {
      minContext = Nd4j.getExecutioner().buildContext();
      smallest = Nd4j.scalar(dtype, 0.0);
      minContext.setOutputArray(0, smallest);
    }
    if (x != minInput) {
      minContext.setInputArray(0, x);
      minInput = x;
    }
    int previous = NativeThreads.limit(NativeThreads.forElements(x.length()));
    try {
      Nd4j.exec(min, minContext);
    } finally {
      NativeThreads.restore(previous);
    }
    return smallest.getDouble(0);
  }

  /** The sum of each row of {@code y} {@code [N, K]} (of this dtype), in a buffer reused per N. */
  INDArray rowSums(INDArray y) {
    long n = y.size(0);
    if (rowContext == null) {
      rowContext = Nd4j.getExecutioner().buildContext();
      rowContext.setIArguments(1); // along the columns
    }
    if (rowSums == null || rowSums.length() != n) {
      rowSums = Nd4j.createUninitialized(dtype, n);
    }
    if (rowSums != outputHolder) {
      rowContext.setOutputArray(0, rowSums);
      outputHolder = rowSums;
    }
    if (y != rowInput) {
      rowContext.setInputArray(0, y);
      rowInput = y;
    }
    int previous = NativeThreads.limit(NativeThreads.forElements(y.length()));
    try {
      Nd4j.exec(sum, rowContext);
    } finally {
      NativeThreads.restore(previous);
    }
    return rowSums;
  }

  /**
   * One-hot rows {@code [n, classes]} for {@code indices} (already checked: n of them, each in
   * {@code [0, classes)}), in a buffer reused per n and valid until the next call: only the ones
   * that move are written.
   */
  INDArray oneHot(int[] indices, int classes) {
    int n = indices.length;
    if (oneHot == null || oneHot.size(0) != n || oneHot.size(1) != classes) {
      oneHot = Nd4j.zeros(dtype, n, classes);
      hot = new int[n];
      Arrays.fill(hot, -1);
    }
    for (int i = 0; i < n; i++) {
      if (hot[i] != indices[i]) {
        if (hot[i] >= 0) {
          oneHot.putScalar(i, hot[i], 0.0);
        }
        oneHot.putScalar(i, indices[i], 1.0);
        hot[i] = indices[i];
      }
    }
    return oneHot;
  }
}
