package io.annet.processor.shape;

import io.annet.processor.model.Shape;
import java.util.Locale;

/**
 * Saturating arithmetic for sizes and costs: absurd attribute values (a kernel of {@code
 * Integer.MAX_VALUE} with SAME padding, say) must become a clear error, never a silent overflow.
 */
final class Costs {

  /** Why a saturated figure is an error. */
  static final String LONG_LIMIT = "at most 9,223,372,036,854,775,806 of each";

  private Costs() {}

  /** {@code a * b} for non-negative values, or {@code Long.MAX_VALUE} when it overflows. */
  static long mul(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long product = a * b;
    return high != 0 || product < 0 ? Long.MAX_VALUE : product;
  }

  /** {@code a + b} for non-negative values, or {@code Long.MAX_VALUE} when it overflows. */
  static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** The number of values of {@code shape}, saturating. */
  static long values(Shape shape) {
    long n = 1;
    for (int d : shape.dims()) {
      n = mul(n, d);
    }
    return n;
  }

  /** {@code 1,234} or, when saturated, {@code more than 9,223,372,036,854,775,806}. */
  static String text(long value) {
    return value == Long.MAX_VALUE
        ? String.format(Locale.ROOT, "more than %,d", Long.MAX_VALUE - 1)
        : String.format(Locale.ROOT, "%,d", value);
  }
}
