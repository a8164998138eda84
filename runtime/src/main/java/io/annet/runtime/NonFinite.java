package io.annet.runtime;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finds NaN and infinite values in tensors, for the checks outside a training step's hot path
 * (saving, the end of an epoch, a failure's diagnosis): these allocate.
 */
public final class NonFinite {
  private NonFinite() {}

  /** How many NaN or infinite values {@code a} holds; 0 for integer tensors and null. */
  public static long count(INDArray a) {
    if (a == null || !a.dataType().isFPType() || a.isEmpty()) {
      return 0;
    }
    long nan = a.isNaN().castTo(DataType.LONG).sumNumber().longValue();
    long inf = a.isInfinite().castTo(DataType.LONG).sumNumber().longValue();
    return nan + inf;
  }

  /**
   * The first tensor of {@code tensors} holding NaN or infinite values, described as {@code
   * "'conv1.weight' holds 12 NaN or infinite values of 800"}, or null when all are finite.
   */
  public static String first(Map<String, INDArray> tensors) {
    for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
      long bad = count(e.getValue());
      if (bad > 0) {
        return "'" + e.getKey() + "' holds " + bad + " NaN or infinite value(s) of "
            + e.getValue().length();
      }
    }
    return null;
  }
}
