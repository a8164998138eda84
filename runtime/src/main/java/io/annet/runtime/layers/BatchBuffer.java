package io.annet.runtime.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One reusable c-order array of shape {@code [N, ...perExample]}, reallocated only when the batch
 * size changes, so that a kernel allocates nothing per step.
 */
final class BatchBuffer {
  private final DataType dtype;
  private final long[] shape;
  private INDArray array;

  BatchBuffer(DataType dtype, long... perExample) {
    this.dtype = dtype;
    this.shape = new long[perExample.length + 1];
    System.arraycopy(perExample, 0, shape, 1, perExample.length);
  }

  BatchBuffer(DataType dtype, int[] perExample) {
    this(dtype, toLong(perExample));
  }

  /** The buffer for batch size {@code n}; its contents are whatever the last user left. */
  INDArray get(long n) {
    if (array == null || array.size(0) != n) {
      shape[0] = n;
      array = Nd4j.createUninitialized(dtype, shape.clone(), 'c');
    }
    return array;
  }

  static long[] toLong(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }
}
