package io.annet.runtime.fuzz;

import io.annet.runtime.Architecture;
import io.annet.runtime.checkpoint.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed inputs of the fuzz tests: small valid checkpoint, IDX and CIFAR-10 files in Jazzer's
 * inputs directories ({@code src/test/resources/io/annet/runtime/fuzz/<Test>Inputs/<method>/}),
 * which every build replays and coverage-guided runs start from. {@link #main} rewrites them (run
 * it from the runtime module's directory with the test class path); they are deterministic.
 */
final class Corpus {
  /** The architecture every checkpoint seed was written for. */
  static final Architecture ARCHITECTURE = new Architecture("Fuzz", new int[] {1, 2, 2}, 2,
      "Fuzz input=[1, 2, 2] classes=2\nfc @Dense(units=2) -> [2]\n", "(summary)", 10, 8);

  static final String CHECKPOINT_DIR = "CheckpointFuzzTestInputs/checkpoint/";
  static final List<String> CHECKPOINTS =
      List.of("params.annet", "with-state.annet", "no-tensors.annet");
  static final String IDX_IMAGES_DIR = "IdxFuzzTestInputs/images/";
  static final String IDX_LABELS_DIR = "IdxFuzzTestInputs/labels/";
  static final List<String> IDX_IMAGES = List.of("images-idx3-ubyte", "images-idx3-ubyte.gz");
  static final List<String> IDX_LABELS = List.of("labels-idx1-ubyte", "labels-idx1-ubyte.gz");
  static final String CIFAR_DIR = "CifarFuzzTestInputs/records/";
  static final String CIFAR = "two-records.bin";

  private Corpus() {}

  /** The bytes of the seed {@code <directory><name>} beside this class on the class path. */
  static byte[] seed(String directory, String name) {
    String resource = directory + name;
    try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing seed " + resource + "; run Corpus.main");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parameters of the checkpoint seeds. */
  static Map<String, INDArray> parameters() {
    Map<String, INDArray> p = new LinkedHashMap<>();
    p.put("fc.weight", Nd4j.createFromArray(new float[][] {{1.5f, -2f, 0.25f, 3f},
        {-1f, 0f, 7f, 0.5f}}));
    p.put("fc.bias", Nd4j.createFromArray(0.125, -0.5));
    return p;
  }

  /** The optimizer state of {@code with-state.annet}: every stored element type. */
  static Map<String, INDArray> optimizerState() {
    Map<String, INDArray> s = new LinkedHashMap<>();
    s.put("adam.m.fc.weight", Nd4j.createFromArray(new float[][] {{0.1f, 0.2f, 0.3f, 0.4f},
        {0.5f, 0.6f, 0.7f, 0.8f}}));
    s.put("adam.step", Nd4j.createFromArray(42L));
    s.put("adam.flags", Nd4j.createFromArray(1, 0, 1));
    s.put("adam.empty", Nd4j.create(DataType.DOUBLE, 0));
    return s;
  }

  /** The 3 images of 4x5 pixels of the IDX seeds. */
  static byte[] idxImages() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    writeInt(b, 0x00000803);
    writeInt(b, 3);
    writeInt(b, 4);
    writeInt(b, 5);
    for (int i = 0; i < 3 * 4 * 5; i++) {
      b.write((i * 37) & 0xff);
    }
    return b.toByteArray();
  }

  /** The 3 labels of the IDX seeds. */
  static byte[] idxLabels() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    writeInt(b, 0x00000801);
    writeInt(b, 3);
    b.write(7);
    b.write(0);
    b.write(9);
    return b.toByteArray();
  }

  /** Two CIFAR-10 records, labels 3 and 9. */
  static byte[] cifar() {
    byte[] b = new byte[2 * 3073];
    for (int r = 0; r < 2; r++) {
      b[r * 3073] = (byte) (r == 0 ? 3 : 9);
      for (int i = 1; i < 3073; i++) {
        b[r * 3073 + i] = (byte) (i * 31 + r);
      }
    }
    return b;
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(bytes);
    }
    return b.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream b, int v) {
    b.write(v >>> 24);
    b.write(v >>> 16);
    b.write(v >>> 8);
    b.write(v);
  }

  /** Rewrites the seed files under {@code src/test/resources/io/annet/runtime/fuzz}. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/io/annet/runtime/fuzz");
    Path ckpt = Files.createDirectories(root.resolve(CHECKPOINT_DIR));
    Checkpoints.save(ckpt.resolve("params.annet"), ARCHITECTURE, parameters(), Map.of());
    Checkpoints.save(ckpt.resolve("with-state.annet"), ARCHITECTURE, parameters(),
        optimizerState());
    Checkpoints.save(ckpt.resolve("no-tensors.annet"), ARCHITECTURE, Map.of(), Map.of());
    Path images = Files.createDirectories(root.resolve(IDX_IMAGES_DIR));
    Path labels = Files.createDirectories(root.resolve(IDX_LABELS_DIR));
    Files.write(images.resolve(IDX_IMAGES.get(0)), idxImages());
    Files.write(labels.resolve(IDX_LABELS.get(0)), idxLabels());
    Files.write(images.resolve(IDX_IMAGES.get(1)), gzip(idxImages()));
    Files.write(labels.resolve(IDX_LABELS.get(1)), gzip(idxLabels()));
    Path cifar = Files.createDirectories(root.resolve(CIFAR_DIR));
    Files.write(cifar.resolve(CIFAR), cifar());
  }
}
