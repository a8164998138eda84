package io.annet.runtime;

import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finiteness of float32 and float64 arrays read in Java, one pass over their exponent bits: a
 * native reduction costs 2-10 us of op call right after the inference plan, and on a batch of 64
 * MNIST images 28 us against 13 us here (runtime/PERFORMANCE.md, sessions 7 and 8).
 */
final class FiniteScan {
  /** Arrays up to this many elements are read here (4 MB of float32); larger ones natively. */
  static final long MAX_ELEMENTS = 1 << 20;

  private static final int FLOAT_EXPONENT = 0x7f800000;
  private static final int FLOAT_EXPONENT_ONE = 0x00800000;
  private static final long DOUBLE_EXPONENT = 0x7ff0000000000000L;
  private static final long DOUBLE_EXPONENT_ONE = 0x0010000000000000L;

  private FiniteScan() {}

  /**
   * Whether {@code x} can be read here: float32 or float64, at most {@link #MAX_ELEMENTS}, and
   * exactly the elements of its buffer (no view into a larger one).
   */
  static boolean readable(INDArray x) {
    DataType t = x.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && x.length() <= MAX_ELEMENTS
        && x.offset() == 0 && x.data().length() == x.length();
  }

  /**
   * Whether every value of {@code x} ({@link #readable}) is finite. A value is NaN or infinite
   * exactly when its exponent bits are all ones; adding one to the exponent field then carries
   * into the sign bit, so one OR over the whole array (a loop the JIT vectorises) tells.
   */
  static boolean allFinite(INDArray x) {
    int n = (int) x.length();
    if (x.dataType() == DataType.FLOAT) {
      IntBuffer b = x.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
      int carry = 0;
      for (int i = 0; i < n; i++) {
        carry |= (b.get(i) & FLOAT_EXPONENT) + FLOAT_EXPONENT_ONE;
      }
      return carry >= 0;
    }
    LongBuffer b = x.data().asNio().order(ByteOrder.nativeOrder()).asLongBuffer();
    long carry = 0;
    for (int i = 0; i < n; i++) {
      carry |= (b.get(i) & DOUBLE_EXPONENT) + DOUBLE_EXPONENT_ONE;
    }
    return carry >= 0;
  }
}
