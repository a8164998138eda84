package io.annet.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What the kernels require of an array's memory layout. */
public final class Layouts {
  private Layouts() {}

  /**
   * Whether {@code a} is dense in c order: its strides are those of a c-order array of its shape,
   * ignoring the strides of dimensions of size 1, which never step (a batch of one reshaped from
   * {@code [1, C, 1, 1]} may carry any stride there, and copying it would cost a buffer per call).
   */
  public static boolean isDenseC(INDArray a) {
    if (a.ordering() != 'c') {
      return false;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }
}
