package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.Architecture;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a checkpoint is tied to: the architecture (input, classes, every layer with its attributes
 * and wiring), not the interface's name. A renamed interface with the same layers loads the old
 * checkpoints, including those written when the spec still began with the name; any layer change
 * is refused.
 */
class RenamedCheckpointTest {

  @Test
  void theSpecLeavesTheNameOutAndKeepsTheLayers() {
    assertEquals(SavedTinyNetwork.SPEC, RenamedTinyNetwork.SPEC);
    assertTrue(SavedTinyNetwork.SPEC.startsWith("input=[1, 6, 6] classes=3\n"));
    assertEquals("RenamedTiny", RenamedTinyNetwork.create(1).architecture().modelName());
  }

  @Test
  void aRenamedInterfaceLoadsTheCheckpoint(@TempDir Path dir) throws IOException {
    SavedTinyNetwork saved = SavedTinyNetwork.create(7);
    Path file = dir.resolve("tiny.ckpt");
    saved.save(file);
    assertSameParameters(saved.parameters(), RenamedTinyNetwork.load(file).parameters());
  }

  @Test
  void aCheckpointWhoseSpecBeginsWithTheOldNameLoadsToo(@TempDir Path dir) throws IOException {
    SavedTinyNetwork saved = SavedTinyNetwork.create(7);
    Path file = dir.resolve("old.ckpt");
    Checkpoints.save(file, legacy(saved.architecture()), saved.parameters(), Map.of());
    assertSameParameters(saved.parameters(), RenamedTinyNetwork.load(file).parameters());
  }

  @Test
  void aChangedLayerIsStillADifferentArchitecture(@TempDir Path dir) throws IOException {
    SavedTinyNetwork saved = SavedTinyNetwork.create(7);
    Path file = dir.resolve("tiny.ckpt");
    saved.save(file);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> WiderTinyNetwork.load(file));
    assertTrue(e.getMessage().contains("was saved from a different architecture: SavedTiny"),
        e.getMessage());
    assertTrue(e.getMessage().contains("+ conv @Conv(filters=4"), e.getMessage());
    assertTrue(e.getMessage().contains("- conv @Conv(filters=5"), e.getMessage());
    Path old = dir.resolve("old.ckpt");
    Checkpoints.save(old, legacy(saved.architecture()), saved.parameters(), Map.of());
    assertThrows(CheckpointException.class, () -> WiderTinyNetwork.load(old));
  }

  /** The architecture as a build before this change wrote it: the spec began with the name. */
  private static Architecture legacy(Architecture a) {
    return new Architecture(a.modelName(), a.inputShape(), a.classes(),
        a.modelName() + " " + a.spec(), a.summary(), a.parameters(), a.macs());
  }

  private static void assertSameParameters(
      Map<String, INDArray> expected, Map<String, INDArray> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String key : expected.keySet()) {
      assertEquals(expected.get(key), actual.get(key), key);
    }
  }
}
