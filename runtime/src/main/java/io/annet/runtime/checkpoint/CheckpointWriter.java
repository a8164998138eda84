package io.annet.runtime.checkpoint;

import io.annet.runtime.Architecture;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Encodes a checkpoint's bytes in the format described in {@link io.annet.runtime.checkpoint}
 * (header, tensor records each with its CRC-32, trailer with the length and the whole file's
 * CRC-32); {@link CheckpointReader} is its counterpart, {@link Checkpoints} makes the write atomic.
 */
final class CheckpointWriter {
  private CheckpointWriter() {}

  /** Writes the whole checkpoint to {@code os} and flushes it. */
  static void write(
      OutputStream os,
      Path target,
      Architecture architecture,
      Map<String, INDArray> parameters,
      Map<String, INDArray> optimizerState)
      throws IOException {
    CRC32 fileCrc = new CRC32();
    long length = body(os, fileCrc, target, architecture, parameters, optimizerState);
    DataOutputStream tail = new DataOutputStream(os);
    tail.write(Checkpoints.TRAILER);
    tail.writeLong(length);
    fileCrc.update(Checkpoints.TRAILER);
    fileCrc.update(longBytes(length));
    tail.writeInt((int) fileCrc.getValue());
    tail.flush();
  }

  /** Writes header and tensors; returns the number of bytes written. */
  private static long body(
      OutputStream os,
      CRC32 fileCrc,
      Path target,
      Architecture architecture,
      Map<String, INDArray> parameters,
      Map<String, INDArray> optimizerState)
      throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(header);
    h.write(Checkpoints.MAGIC);
    h.writeInt(Checkpoints.VERSION);
    writeString(h, architecture.modelName());
    writeString(h, architecture.spec());
    h.write(Checkpoints.sha256(architecture.spec()));
    long length = emit(os, fileCrc, header.toByteArray());
    for (Map<String, INDArray> section : List.of(parameters, optimizerState)) {
      length += emit(os, fileCrc, intBytes(section.size()));
      for (Map.Entry<String, INDArray> e : section.entrySet()) {
        byte[] record = tensorRecord(target, e.getKey(), e.getValue());
        CRC32 crc = new CRC32();
        crc.update(record);
        length += emit(os, fileCrc, record);
        length += emit(os, fileCrc, intBytes((int) crc.getValue()));
      }
    }
    return length;
  }

  private static byte[] tensorRecord(Path target, String name, INDArray value)
      throws IOException {
    if (value == null) {
      throw new CheckpointException(target, "tensor '" + name + "' is null");
    }
    int code = TensorCodec.code(value.dataType());
    if (code < 0) {
      throw new CheckpointException(
          target, "cannot store tensor '" + name + "' of type " + value.dataType()
              + "; supported: FLOAT, DOUBLE, LONG, INT");
    }
    if (value.length() * TensorCodec.width(value.dataType()) > Integer.MAX_VALUE - 1024) {
      throw new CheckpointException(target, "tensor '" + name + "' is too large to store");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(bytes);
    writeString(d, name);
    d.writeByte(code);
    long[] shape = value.shape();
    d.writeInt(shape.length);
    for (long s : shape) {
      d.writeLong(s);
    }
    d.write(TensorCodec.encode(value));
    return bytes.toByteArray();
  }

  private static long emit(OutputStream os, CRC32 fileCrc, byte[] bytes) throws IOException {
    os.write(bytes);
    fileCrc.update(bytes);
    return bytes.length;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }
}
