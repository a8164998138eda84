package io.annet.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float32 tensors in plain Java, so that the worker JVMs share one set of initial weights
 * without loading ND4J where they do not need it (the PyTorch worker).
 *
 * <p>File layout: count, then per tensor its name, rank, dimensions and values (big-endian).
 */
public final class Weights {
  private static final int MAGIC = 0x414e5754; // "ANWT"

  /**
   * One tensor, row-major.
   *
   * @param shape dimensions, e.g. {@code [out, in, kh, kw]} for a convolution weight
   * @param data values in row-major order
   */
  public record Tensor(long[] shape, float[] data) {
    /** Checks that the data length matches the shape. */
    public Tensor {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "tensor of shape "
                + Arrays.toString(shape)
                + " needs "
                + n
                + " values, found "
                + data.length);
      }
    }
  }

  private final Map<String, Tensor> tensors;

  /** Wraps {@code tensors} (copied, order kept). */
  public Weights(Map<String, Tensor> tensors) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** All tensors, in order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** The tensor {@code name}; throws naming the available ones when absent. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no tensor '" + name + "'; available: " + tensors.keySet());
    }
    return t;
  }

  /** Writes all tensors to {@code path}. */
  public void write(Path path) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path)))) {
      out.writeInt(MAGIC);
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        out.writeUTF(e.getKey());
        long[] shape = e.getValue().shape();
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        for (float v : e.getValue().data()) {
          out.writeFloat(v);
        }
      }
    }
  }

  /** Reads tensors written by {@link #write}. */
  public static Weights read(Path path) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IOException(
            path
                + " is not a weights file: expected magic "
                + Integer.toHexString(MAGIC)
                + ", found "
                + Integer.toHexString(magic));
      }
      int count = in.readInt();
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
          n *= shape[d];
        }
        float[] data = new float[Math.toIntExact(n)];
        for (int j = 0; j < data.length; j++) {
          data[j] = in.readFloat();
        }
        tensors.put(name, new Tensor(shape, data));
      }
      return new Weights(tensors);
    }
  }
}
