package io.annet.runtime.onnx;

import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads an ONNX weight tensor (float32 or float64, raw or typed data) into an ND4J array. */
final class OnnxTensors {
  private OnnxTensors() {}

  /** The dimensions of {@code t}. */
  static long[] shape(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * {@code t} as a c-order array of {@code dtype}; another element type, data stored outside the
   * file, or fewer values than the dimensions say is an {@link OnnxException} naming {@code node}.
   */
  static INDArray read(TensorProto t, String node, DataType dtype) {
    long[] shape = shape(t);
    long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName()
          + " is stored in an external file, which Annet does not read; save the model with its"
          + " weights inside");
    }
    double[] values = new double[Math.toIntExact(count)];
    int type = t.getDataType();
    if (type == TensorProto.DataType.FLOAT_VALUE) {
      if (t.hasRawData()) {
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        requireCount(t, node, raw.remaining() / 4, count);
        for (int i = 0; i < values.length; i++) {
          values[i] = raw.getFloat(i * 4);
        }
      } else {
        requireCount(t, node, t.getFloatDataCount(), count);
        for (int i = 0; i < values.length; i++) {
          values[i] = t.getFloatData(i);
        }
      }
    } else if (type == TensorProto.DataType.DOUBLE_VALUE) {
      if (t.hasRawData()) {
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        requireCount(t, node, raw.remaining() / 8, count);
        for (int i = 0; i < values.length; i++) {
          values[i] = raw.getDouble(i * 8);
        }
      } else {
        requireCount(t, node, t.getDoubleDataCount(), count);
        for (int i = 0; i < values.length; i++) {
          values[i] = t.getDoubleData(i);
        }
      }
    } else {
      throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName()
          + " has element type " + type + "; Annet reads float32 (1) and float64 (11) weights");
    }
    INDArray array = dtype == DataType.FLOAT
        ? Nd4j.create(toFloats(values), shape, 'c') : Nd4j.create(values, shape, 'c');
    return array.castTo(dtype);
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static void requireCount(TensorProto t, String node, long found, long expected) {
    if (found != expected) {
      throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName() + " "
          + Arrays.toString(shape(t)) + " needs " + expected + " values, found " + found
          + " (truncated file?)");
    }
  }
}
