package io.annet.processor.model;

import java.util.List;

/**
 * A per-example tensor shape as the processor reasons about it: a map {@code [C, H, W]} or a
 * vector {@code [N]}.
 *
 * @param dims the dimensions, three for a map and one for a vector
 */
public record Shape(List<Integer> dims) {

  public Shape {
    dims = List.copyOf(dims);
    if (dims.size() != 1 && dims.size() != 3) {
      throw new IllegalArgumentException("shape must be [C, H, W] or [N], got " + dims);
    }
  }

  /** A map of {@code channels} planes of {@code height} by {@code width}. */
  public static Shape map(int channels, int height, int width) {
    return new Shape(List.of(channels, height, width));
  }

  /** A vector of {@code size} values. */
  public static Shape vector(int size) {
    return new Shape(List.of(size));
  }

  /** Whether this is a {@code [C, H, W]} map. */
  public boolean isMap() {
    return dims.size() == 3;
  }

  /** Channels of a map, or the size of a vector. */
  public int channels() {
    return dims.get(0);
  }

  /** Rows of a map; 1 for a vector. */
  public int height() {
    return isMap() ? dims.get(1) : 1;
  }

  /** Columns of a map; 1 for a vector. */
  public int width() {
    return isMap() ? dims.get(2) : 1;
  }

  /** Number of values per example. */
  public long size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** The width a dense or softmax layer sees: the vector size, or C of a {@code [C, 1, 1]} map. */
  public boolean isFlatVector() {
    return !isMap() || (height() == 1 && width() == 1);
  }

  /** As Java source: {@code new int[] {32, 28, 28}}. */
  public String toJavaArray() {
    StringBuilder b = new StringBuilder("new int[] {");
    for (int i = 0; i < dims.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(dims.get(i));
    }
    return b.append('}').toString();
  }

  /** {@code [32, 28, 28]} or {@code [10]}. */
  @Override
  public String toString() {
    return dims.toString();
  }
}
