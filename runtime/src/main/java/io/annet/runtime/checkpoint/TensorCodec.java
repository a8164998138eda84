package io.annet.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Converts tensors to and from big-endian bytes; holds the format's one-byte data type codes. */
final class TensorCodec {
  private TensorCodec() {}

  /** The format's code of {@code type}, or -1 when the format cannot store it. */
  static int code(DataType type) {
    return switch (type) {
      case FLOAT -> 1;
      case DOUBLE -> 2;
      case LONG -> 3;
      case INT -> 4;
      default -> -1;
    };
  }

  /** The data type of {@code code}, or null when unknown. */
  static DataType type(int code) {
    return switch (code) {
      case 1 -> DataType.FLOAT;
      case 2 -> DataType.DOUBLE;
      case 3 -> DataType.LONG;
      case 4 -> DataType.INT;
      default -> null;
    };
  }

  /** Bytes per element of a storable type. */
  static int width(DataType type) {
    return type == DataType.FLOAT || type == DataType.INT ? 4 : 8;
  }

  /** The elements of {@code array} in c order, big-endian. */
  static byte[] encode(INDArray array) {
    INDArray c = array.dup('c');
    int n = (int) c.length();
    ByteBuffer buffer = ByteBuffer.allocate(n * width(c.dataType())).order(ByteOrder.BIG_ENDIAN);
    if (n > 0) {
      switch (c.dataType()) {
        case FLOAT -> buffer.asFloatBuffer().put(c.data().asFloat(), 0, n);
        case DOUBLE -> buffer.asDoubleBuffer().put(c.data().asDouble(), 0, n);
        case LONG -> buffer.asLongBuffer().put(c.data().asLong(), 0, n);
        case INT -> buffer.asIntBuffer().put(c.data().asInt(), 0, n);
        default -> throw new IllegalArgumentException("unsupported " + c.dataType());
      }
    }
    return buffer.array();
  }

  /** A new c-order array of {@code type} and {@code shape} from big-endian {@code bytes}. */
  static INDArray decode(DataType type, long[] shape, byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int n = bytes.length / width(type);
    if (n == 0) {
      return Nd4j.create(type, shape);
    }
    INDArray flat = switch (type) {
      case FLOAT -> {
        float[] v = new float[n];
        buffer.asFloatBuffer().get(v);
        yield Nd4j.createFromArray(v);
      }
      case DOUBLE -> {
        double[] v = new double[n];
        buffer.asDoubleBuffer().get(v);
        yield Nd4j.createFromArray(v);
      }
      case LONG -> {
        long[] v = new long[n];
        buffer.asLongBuffer().get(v);
        yield Nd4j.createFromArray(v);
      }
      case INT -> {
        int[] v = new int[n];
        buffer.asIntBuffer().get(v);
        yield Nd4j.createFromArray(v);
      }
      default -> throw new IllegalArgumentException("unsupported " + type);
    };
    return shape.length == 0 ? flat.reshape('c', new long[0]) : flat.reshape('c', shape);
  }
}
