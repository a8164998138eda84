package io.annet.runtime.checkpoint;

import io.annet.runtime.Architecture;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads one checkpoint file as a stream, tracking the position and two CRC-32s (whole file and
 * current tensor), and checking every declared length against the bytes left.
 */
final class CheckpointReader {
  private static final int MAX_STRING = 64 << 20;
  private static final int MAX_RANK = 32;
  /** Smallest tensor record: empty name, dtype, rank 0, a 4-byte element, CRC. */
  private static final int MIN_TENSOR = 4 + 1 + 4 + 4 + 4;

  private final Path file;
  private final InputStream in;
  private final long size;
  private final CRC32 fileCrc = new CRC32();
  private final CRC32 tensorCrc = new CRC32();
  private long position;
  private String reading = "the header";

  private CheckpointReader(Path file, InputStream in, long size) {
    this.file = file;
    this.in = in;
    this.size = size;
  }

  static Checkpoint read(Path path, Architecture expected) throws IOException {
    return readStored(path, expected).checkpoint();
  }

  /** The checkpoint with its model name and spec; {@code expected} null accepts any spec. */
  static StoredCheckpoint readStored(Path path, Architecture expected) throws IOException {
    if (path == null) {
      throw new CheckpointException(null, "no path given");
    }
    if (Files.isDirectory(path)) {
      throw new CheckpointException(path, "is a directory, not a checkpoint file");
    }
    try {
      long size = Files.size(path);
      try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
        return new CheckpointReader(path, in, size).read(expected);
      }
    } catch (IOException e) {
      // the JDK's messages often omit the path ("Is a directory") or are nothing but the path
      throw new CheckpointException(path, "cannot read: " + Checkpoints.reason(e), e);
    }
  }

  private StoredCheckpoint read(Architecture expected) throws IOException {
    try {
      byte[] magic = bytes(Checkpoints.MAGIC.length);
      if (!Arrays.equals(magic, Checkpoints.MAGIC)) {
        throw fail("not an Annet checkpoint: the file starts with "
            + HexFormat.ofDelimiter(" ").formatHex(magic) + ", expected \"ANNETCKP\"");
      }
      int version = readInt();
      if (version != Checkpoints.VERSION) {
        throw fail("format version " + version + " is not supported (this build reads version "
            + Checkpoints.VERSION + ")");
      }
      String modelName = string("the model name");
      String spec = string("the spec");
      byte[] hash = bytes(32);
      if (!Arrays.equals(hash, Checkpoints.sha256(spec))) {
        throw fail("corrupted: the stored spec of " + modelName + " does not match its SHA-256");
      }
      if (expected != null) {
        checkArchitecture(expected, modelName, spec);
      }
      Map<String, INDArray> parameters = section("parameters");
      Map<String, INDArray> state = section("optimizer state");
      trailer();
      return new StoredCheckpoint(modelName, spec, new Checkpoint(parameters, state));
    } catch (EOFException e) {
      throw fail("truncated: the file ends after " + position + " bytes, while reading "
          + reading);
    }
  }

  /**
   * Compares architectures, not names: a checkpoint of a renamed or moved interface whose layers
   * are unchanged loads ({@link Checkpoints#architectureOf}).
   */
  private void checkArchitecture(Architecture expected, String modelName, String stored) {
    String spec = Checkpoints.architectureOf(stored);
    String wanted = Checkpoints.architectureOf(expected.spec());
    if (spec.equals(wanted)) {
      return;
    }
    HexFormat hex = HexFormat.of();
    StringBuilder sb = new StringBuilder();
    sb.append("was saved from a different architecture: ").append(modelName)
        .append(" (spec hash ").append(hex.formatHex(Checkpoints.sha256(spec)), 0, 12)
        .append(") but this network is ").append(expected.modelName())
        .append(" (spec hash ").append(hex.formatHex(Checkpoints.sha256(wanted)), 0, 12)
        .append("). Layer by layer (- expected by this network, + found in the file):");
    for (String line : SpecDiff.diff(wanted, spec)) {
      sb.append('\n').append(line);
    }
    throw fail(sb.toString());
  }

  private Map<String, INDArray> section(String what) throws IOException {
    reading = "the " + what + " count";
    int count = readInt();
    if (count < 0 || (long) count * MIN_TENSOR > remaining()) {
      throw fail("corrupted or truncated: the " + what + " section declares " + count
          + " tensors but only " + remaining() + " bytes remain");
    }
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = null;
      tensorCrc.reset();
      reading = what + " tensor #" + i;
      name = string(reading + "'s name");
      reading = what + " tensor '" + name + "'";
      int code = readByte();
      DataType type = TensorCodec.type(code);
      if (type == null) {
        throw fail("corrupted: " + reading + " has unknown data type code " + code);
      }
      int rank = readInt();
      if (rank < 0 || rank > MAX_RANK) {
        throw fail("corrupted: " + reading + " declares rank " + rank);
      }
      long[] shape = new long[rank];
      long elements = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = readLong();
        if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
          throw fail("corrupted: " + reading + " declares dimension " + shape[d]);
        }
        elements = multiply(elements, shape[d]);
      }
      long bytes = multiply(elements, TensorCodec.width(type));
      if (bytes + 4 > remaining() || bytes > Integer.MAX_VALUE - 8) {
        throw fail("corrupted or truncated: " + reading + " declares shape "
            + Arrays.toString(shape) + " (" + bytes + " bytes) but only " + remaining()
            + " bytes remain");
      }
      byte[] data = bytes((int) bytes);
      int computed = (int) tensorCrc.getValue();
      int stored = readInt();
      if (computed != stored) {
        throw fail(String.format(
            "corrupted: CRC-32 of %s disagrees (stored %08x, computed %08x)", reading, stored,
            computed));
      }
      if (tensors.put(name, TensorCodec.decode(type, shape, data)) != null) {
        throw fail("corrupted: " + what + " tensor '" + name + "' appears twice");
      }
    }
    return tensors;
  }

  private void trailer() throws IOException {
    reading = "the trailer";
    long before = position;
    byte[] end = bytes(Checkpoints.TRAILER.length);
    if (!Arrays.equals(end, Checkpoints.TRAILER)) {
      throw fail("corrupted: no trailer after the last tensor (at byte " + before + ")");
    }
    long length = readLong();
    int computed = (int) fileCrc.getValue();
    int stored = readInt();
    if (length != before) {
      throw fail("corrupted: the trailer says " + length + " bytes precede it, found " + before);
    }
    if (computed != stored) {
      throw fail(String.format(
          "corrupted: the whole-file CRC-32 disagrees (stored %08x, computed %08x)", stored,
          computed));
    }
    if (in.read() >= 0) {
      throw fail("corrupted: unexpected data after the trailer (the file has " + size
          + " bytes, the checkpoint ends at " + position + ")");
    }
  }

  private long multiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw fail("corrupted: " + reading + " declares a size that overflows");
    }
  }

  private long remaining() {
    return size - position;
  }

  private CheckpointException fail(String problem) {
    return new CheckpointException(file, problem);
  }

  private String string(String what) throws IOException {
    String before = reading;
    reading = what;
    int length = readInt();
    if (length < 0 || length > MAX_STRING || length > remaining()) {
      throw fail("corrupted or truncated: " + what + " declares " + length
          + " bytes but only " + remaining() + " remain");
    }
    String s = new String(bytes(length), StandardCharsets.UTF_8);
    reading = before;
    return s;
  }

  private byte[] bytes(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      position += b.length;
      throw new EOFException();
    }
    position += n;
    fileCrc.update(b);
    tensorCrc.update(b);
    return b;
  }

  private int readByte() throws IOException {
    return bytes(1)[0] & 0xff;
  }

  private int readInt() throws IOException {
    byte[] b = bytes(4);
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private long readLong() throws IOException {
    byte[] b = bytes(8);
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }
}
