package io.annet.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.Architecture;
import io.annet.runtime.optim.Adam;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {
  static final String SPEC = "Tiny input=[1, 4, 4] classes=3\n"
      + "conv1 @Conv(filters=4, kernel=3, padding=SAME, activation=RELU) -> [4, 4, 4]\n"
      + "gap @GlobalAvgPool -> [4]\n"
      + "dense @Dense(units=3) -> [3]\n"
      + "probs @Softmax -> [3]";
  static final Architecture TINY = architecture("Tiny", SPEC);

  @TempDir Path dir;

  static Architecture architecture(String name, String spec) {
    return new Architecture(name, new int[] {1, 4, 4}, 3, spec, "summary", 115, 1000);
  }

  private static Map<String, INDArray> parameters() {
    Nd4j.getRandom().setSeed(3);
    Map<String, INDArray> p = new LinkedHashMap<>();
    p.put("conv1.weight", Nd4j.randn(DataType.FLOAT, 4, 1, 3, 3));
    p.put("conv1.bias", Nd4j.randn(DataType.FLOAT, 4));
    p.put("dense.weight", Nd4j.randn(DataType.FLOAT, 3, 4));
    p.put("dense.bias", Nd4j.randn(DataType.DOUBLE, 3));
    return p;
  }

  private static Map<String, INDArray> adamState(Map<String, INDArray> params) {
    Adam adam = new Adam(0.01);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    params.forEach((k, v) -> grads.put(k, v.mul(0.1)));
    Map<String, INDArray> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, v.dup()));
    adam.step(copy, grads);
    adam.step(copy, grads);
    return adam.state();
  }

  private Path saved() throws IOException {
    Path file = dir.resolve("tiny.annet");
    Map<String, INDArray> p = parameters();
    Checkpoints.save(file, TINY, p, adamState(p));
    return file;
  }

  @Test
  void roundTripKeepsNamesOrderTypesAndValues() throws IOException {
    Map<String, INDArray> p = parameters();
    Map<String, INDArray> state = adamState(p);
    Path file = dir.resolve("sub/dir/tiny.annet");
    Checkpoints.save(file, TINY, p, state);
    Checkpoint c = Checkpoints.load(file, TINY);
    assertEquals(List.copyOf(p.keySet()), List.copyOf(c.parameters().keySet()));
    assertEquals(List.copyOf(state.keySet()), List.copyOf(c.optimizerState().keySet()));
    p.forEach((k, v) -> assertEquals(v, c.parameters().get(k), k));
    state.forEach((k, v) -> assertEquals(v, c.optimizerState().get(k), k));
    assertEquals(DataType.DOUBLE, c.parameters().get("dense.bias").dataType());
    assertEquals(DataType.LONG, c.optimizerState().get("adam.iteration").dataType());
    assertEquals(2L, c.optimizerState().get("adam.iteration").getLong(0));
    assertArrayEquals(new long[] {4, 1, 3, 3}, c.parameters().get("conv1.weight").shape());
    // an optimizer restored from the file continues where the other one stopped
    Adam restored = new Adam(0.01);
    restored.loadState(c.optimizerState());
    assertEquals(2, restored.iteration());
  }

  @Test
  void anotherArchitectureFailsWithALayerDiff() throws IOException {
    Path file = saved();
    String other = SPEC.replace("dense @Dense(units=3)", "fc @Dense(units=3)");
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoints.load(file, architecture("Tiny", other)));
    String m = e.getMessage();
    assertTrue(m.contains("different architecture"), m);
    assertTrue(m.contains("\n- fc @Dense(units=3) -> [3]\n+ dense @Dense(units=3) -> [3]\n"), m);
    assertTrue(m.contains("\n  gap @GlobalAvgPool -> [4]\n"), m);
    assertTrue(m.contains("\n  probs @Softmax -> [3]"), m);
  }

  @Test
  void truncatedFilesFailClearlyAtEveryLength() throws IOException {
    byte[] all = Files.readAllBytes(saved());
    int[] lengths = {0, 5, 20, 60, all.length / 3, all.length / 2, all.length - 5, all.length - 1};
    for (int n : lengths) {
      Path cut = dir.resolve("cut-" + n);
      Files.write(cut, java.util.Arrays.copyOf(all, n));
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> Checkpoints.load(cut, TINY), "length " + n);
      assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(cut.toString()),
          e.getMessage());
    }
  }

  private static int find(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError(needle + " not in the file");
  }

  private CheckpointException loadFlipped(byte[] all, int offset) throws IOException {
    byte[] copy = all.clone();
    copy[offset] ^= 0x10;
    Path file = dir.resolve("flipped-" + offset);
    Files.write(file, copy);
    return assertThrows(CheckpointException.class, () -> Checkpoints.load(file, TINY));
  }

  @Test
  void aFlippedByteNamesTheTensorOrPart() throws IOException {
    byte[] all = Files.readAllBytes(saved());
    // data of dense.weight: after its name, dtype byte, rank int and 2 shape longs
    int dense = find(all, "dense.weight") + "dense.weight".length() + 1 + 4 + 16 + 5;
    assertTrue(loadFlipped(all, dense).getMessage()
        .contains("CRC-32 of parameters tensor 'dense.weight' disagrees"));
    int moment = find(all, "adam.v.conv1.bias") + "adam.v.conv1.bias".length() + 1 + 4 + 8 + 2;
    assertTrue(loadFlipped(all, moment).getMessage()
        .contains("CRC-32 of optimizer state tensor 'adam.v.conv1.bias' disagrees"));
    int spec = find(all, "GlobalAvgPool");
    assertTrue(loadFlipped(all, spec).getMessage().contains("does not match its SHA-256"));
    assertTrue(loadFlipped(all, all.length - 2).getMessage().contains("whole-file CRC-32"));
    assertTrue(loadFlipped(all, 2).getMessage().contains("not an Annet checkpoint"));
  }

  @Test
  void forgedHugeLengthsFailWithoutAllocating() throws IOException {
    byte[] all = Files.readAllBytes(saved());
    // conv1.weight's first dimension (a long) becomes 2^40
    int shape = find(all, "conv1.weight") + "conv1.weight".length() + 1 + 4;
    byte[] forged = all.clone();
    forged[shape + 2] = 1;
    Path file = dir.resolve("forged-shape");
    Files.write(file, forged);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoints.load(file, TINY));
    assertTrue(e.getMessage().contains("declares dimension"), e.getMessage());

    forged = all.clone();
    forged[shape + 6] = 0x7f; // 4 -> 0x7f04 x 1 x 3 x 3 floats, more than the file holds
    Path big = dir.resolve("forged-big");
    Files.write(big, forged);
    e = assertThrows(CheckpointException.class, () -> Checkpoints.load(big, TINY));
    assertTrue(e.getMessage().contains("conv1.weight' declares shape [32516, 1, 3, 3]"),
        e.getMessage());

    forged = all.clone();
    int name = find(all, "dense.bias") - 4; // the name's length prefix
    forged[name] = 0x7f;
    Path longName = dir.resolve("forged-name");
    Files.write(longName, forged);
    e = assertThrows(CheckpointException.class, () -> Checkpoints.load(longName, TINY));
    assertTrue(e.getMessage().contains("name declares"), e.getMessage());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      s.forEach(p -> names.add(p.getFileName().toString()));
      return names;
    }
  }

  @Test
  void aFailedSaveLeavesThePreviousCheckpointAndNoTempFile() throws IOException {
    Path file = saved();
    byte[] before = Files.readAllBytes(file);
    assertEquals(List.of("tiny.annet"), files());
    Map<String, INDArray> bad = new LinkedHashMap<>(parameters());
    bad.put("mask", Nd4j.create(DataType.BOOL, 3));
    bad.put("later", Nd4j.ones(DataType.FLOAT, 2));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoints.save(file, TINY, bad, Map.of()));
    assertTrue(e.getMessage().contains("'mask' of type BOOL"), e.getMessage());
    assertEquals(List.of("tiny.annet"), files());
    assertArrayEquals(before, Files.readAllBytes(file));
    Checkpoints.load(file, TINY);
  }

  @Test
  void savingAgainReplacesTheFileAtomically() throws IOException {
    Path file = saved();
    Map<String, INDArray> p = parameters();
    p.get("dense.bias").assign(7);
    Checkpoints.save(file, TINY, p, Map.of());
    assertEquals(List.of("tiny.annet"), files());
    Checkpoint c = Checkpoints.load(file, TINY);
    assertEquals(7.0, c.parameters().get("dense.bias").getDouble(2));
    assertTrue(c.optimizerState().isEmpty());
  }

  @Test
  void aSaveRemovesTheTempFilesOfDeadWritersButNotOfLiveOnes() throws IOException {
    Path file = saved();
    Path abandoned = dir.resolve(".tiny.annet.123456.tmp"); // a writer killed mid-save
    Files.write(abandoned, new byte[] {1, 2, 3});
    Path live = dir.resolve(".tiny.annet.777.tmp");
    Path unrelated = dir.resolve(".other.annet.5.tmp");
    Files.write(unrelated, new byte[] {4});
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(live,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = channel.lock()) { // a writer still at work
      Checkpoints.save(file, TINY, parameters(), Map.of());
      assertEquals(List.of(".other.annet.5.tmp", ".tiny.annet.777.tmp", "tiny.annet"),
          files().stream().sorted().toList());
    }
    Checkpoints.load(file, TINY);
  }

  @Test
  void nonFiniteTensorsAreRefusedAndTheGoodCheckpointIsKeptUnlessAllowed() throws IOException {
    Path file = saved();
    byte[] before = Files.readAllBytes(file);
    Map<String, INDArray> p = parameters();
    p.get("dense.weight").putScalar(1, 2, Float.NaN);
    p.get("dense.weight").putScalar(0, 0, Float.POSITIVE_INFINITY);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoints.save(file, TINY, p, Map.of()));
    assertTrue(e.getMessage().contains("'dense.weight' holds 2 NaN or infinite value(s) of 12"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ALLOW_NON_FINITE"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(List.of("tiny.annet"), files());
    // optimizer state too: a NaN Adam moment is as bad as a NaN weight
    Map<String, INDArray> good = parameters();
    Map<String, INDArray> state = new LinkedHashMap<>(adamState(good));
    state.put("adam.m.conv1.bias", Nd4j.valueArrayOf(new long[] {4}, Double.NaN,
        DataType.FLOAT));
    assertThrows(CheckpointException.class, () -> Checkpoints.save(file, TINY, good, state));
    assertArrayEquals(before, Files.readAllBytes(file));
    // asked for explicitly, it is written as it is
    Checkpoints.save(file, TINY, p, Map.of(), SaveOption.ALLOW_NON_FINITE);
    assertTrue(Float.isNaN(Checkpoints.load(file, TINY).parameters().get("dense.weight")
        .getFloat(1, 2)));
  }
}
