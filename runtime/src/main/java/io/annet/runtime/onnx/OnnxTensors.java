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
    long count = 1;
    for (long d : shape) {
      count = d < 0 || (d > 0 && count > Integer.MAX_VALUE / d) ? -1 : count * d;
      if (count < 0) {
        throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName()
            + " has the impossible dimensions " + Arrays.toString(shape));
      }
    }
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName()
          + " is stored in an external file, which Annet does not read; save the model with its"
          + " weights inside");
    }
    int type = t.getDataType();
    boolean isFloat = type == TensorProto.DataType.FLOAT_VALUE;
    if (!isFloat && type != TensorProto.DataType.DOUBLE_VALUE) {
      throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName()
          + " has element type " + type + "; Annet reads float32 (1) and float64 (11) weights");
    }
    int width = isFloat ? 4 : 8;
    ByteBuffer raw = t.hasRawData()
        ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
    long found = raw != null ? raw.remaining() / width
        : isFloat ? t.getFloatDataCount() : t.getDoubleDataCount();
    if (found != count || (raw != null && raw.remaining() % width != 0)) {
      throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName() + " "
          + Arrays.toString(shape) + " needs " + count + " values, found " + found
          + " (truncated file?)");
    }
    double[] values = new double[(int) count];
    double max = dtype == DataType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
    for (int i = 0; i < values.length; i++) {
      values[i] = raw == null ? (isFloat ? t.getFloatData(i) : t.getDoubleData(i))
          : isFloat ? raw.getFloat(i * 4) : raw.getDouble(i * 8);
      if (!(Math.abs(values[i]) <= max)) { // as checkpoints, a network takes no NaN or infinity
        throw new OnnxException("ONNX node " + node + ": the tensor " + t.getName()
            + " has the value " + values[i] + " at index " + i + ", which is NaN or infinite in "
            + dtype + "; Annet loads finite weights only");
      }
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
}
