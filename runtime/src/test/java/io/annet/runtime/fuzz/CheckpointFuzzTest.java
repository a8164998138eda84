package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fuzzes the checkpoint reader with Jazzer: every input either fails with a {@link
 * CheckpointException} or loads tensors that, saved again, give back exactly the input's bytes
 * (every byte is under a CRC-32, so a mutant loads only if the fuzzer also forged its checksums
 * into a file the writer could have written); never another exception, an out-of-memory error
 * from a forged length, or a hang. The seeds load exactly the tensors they were written from.
 */
class CheckpointFuzzTest {

  @Test
  void everySeedLoadsItsTensors() throws Exception {
    for (String name : Corpus.CHECKPOINTS) {
      Path file = FuzzFiles.write(name, Corpus.seed(Corpus.CHECKPOINT_DIR, name));
      try {
        Checkpoint c = Checkpoints.load(file, Corpus.ARCHITECTURE);
        assertSame(name.equals("no-tensors.annet") ? Map.of() : Corpus.parameters(),
            c.parameters());
        assertSame(name.equals("with-state.annet") ? Corpus.optimizerState() : Map.of(),
            c.optimizerState());
      } finally {
        FuzzFiles.delete(file);
      }
    }
  }

  /** {@code data} as a checkpoint of {@link Corpus#ARCHITECTURE}. */
  @FuzzTest(maxDuration = "10m")
  void checkpoint(byte[] data) {
    Path file = FuzzFiles.write("fuzz.annet", data);
    try {
      Checkpoint loaded = FuzzFiles.readOrReject(
          () -> Checkpoints.load(file, Corpus.ARCHITECTURE), CheckpointException.class);
      if (loaded != null) {
        assertArrayEquals(data, resaved(loaded), "a loaded checkpoint saves to the same bytes");
      }
    } finally {
      FuzzFiles.delete(file);
    }
  }

  private static byte[] resaved(Checkpoint c) {
    Path copy = FuzzFiles.write("resaved.annet", new byte[0]);
    try {
      Checkpoints.save(copy, Corpus.ARCHITECTURE, c.parameters(), c.optimizerState());
      return Files.readAllBytes(copy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      FuzzFiles.delete(copy);
    }
  }

  private static void assertSame(Map<String, INDArray> expected, Map<String, INDArray> found) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(found.keySet()), "tensor names");
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      INDArray f = found.get(e.getKey());
      assertEquals(e.getValue().dataType(), f.dataType(), e.getKey());
      assertArrayEquals(e.getValue().shape(), f.shape(), e.getKey());
      assertEquals(e.getValue(), f, e.getKey());
    }
  }
}
