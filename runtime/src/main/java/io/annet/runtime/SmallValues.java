package io.annet.runtime;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finiteness of small arrays read in Java: a batch-1 input or a row of probabilities checked by a
 * native reduction costs 2-10 us right after the inference plan (an ND4J op call), a loop over
 * their few thousand values about as much or less (runtime/PERFORMANCE.md, session 7).
 */
final class SmallValues {
  /** Arrays up to this many elements are read in Java. */
  static final long MAX_ELEMENTS = 4_096;

  private SmallValues() {}

  /**
   * Whether {@code x} can be read here: float32 or float64, at most {@link #MAX_ELEMENTS}, and
   * exactly the elements of its buffer (no view into a larger one).
   */
  static boolean readable(INDArray x) {
    DataType t = x.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && x.length() <= MAX_ELEMENTS
        && x.offset() == 0 && x.data().length() == x.length();
  }

  /** Whether every value of {@code x} ({@link #readable}) is finite. */
  static boolean allFinite(INDArray x) {
    int n = (int) x.length();
    if (x.dataType() == DataType.FLOAT) {
      FloatBuffer b = x.data().asNioFloat();
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(b.get(i))) {
          return false;
        }
      }
      return true;
    }
    DoubleBuffer b = x.data().asNioDouble();
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
