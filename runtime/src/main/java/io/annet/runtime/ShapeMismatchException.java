package io.annet.runtime;

import java.util.Arrays;

/** Thrown when an array's rank or shape is not the one a network or layer expects. */
public class ShapeMismatchException extends AnnetException {
  public ShapeMismatchException(String message) {
    super(message);
  }

  /** Formats a shape with a leading batch dimension {@code N}, e.g. {@code [N, 1, 28, 28]}. */
  public static String batched(int[] perExample) {
    StringBuilder b = new StringBuilder("[N");
    for (int d : perExample) {
      b.append(", ").append(d);
    }
    return b.append(']').toString();
  }

  /** Formats a found shape, e.g. {@code [64, 28, 28]}. */
  public static String shape(long[] shape) {
    return Arrays.toString(shape);
  }
}
