package io.annet.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fuzzes the checkpoint reader with mutations of the seed checkpoints: every file either loads
 * exactly the seed's tensors (a mutation that changed nothing, since every byte is under a CRC-32)
 * or fails with a {@link CheckpointException}; never another exception, an out-of-memory error
 * from a forged length, or a hang. The seeds themselves are replayed first.
 */
class CheckpointFuzzTest {

  @Example
  void everySeedLoadsItsTensors() throws Exception {
    for (String name : Corpus.CHECKPOINTS) {
      Path file = FuzzFiles.write(name, Corpus.seed("checkpoint", name));
      try {
        assertSeedContents(name, Checkpoints.load(file, Corpus.ARCHITECTURE));
      } finally {
        FuzzFiles.delete(file);
      }
    }
  }

  @Property(tries = 400)
  void mutatedCheckpointsLoadOrFailCleanly(
      @ForAll("seeds") String name, @ForAll("mutations") List<Mutation> mutations) {
    check(name, mutations);
  }

  @Property(tries = 30_000)
  @AddLifecycleHook(FuzzOnly.class)
  void manyMutatedCheckpoints(
      @ForAll("seeds") String name, @ForAll("mutations") List<Mutation> mutations) {
    check(name, mutations);
  }

  @Provide
  Arbitrary<String> seeds() {
    return Arbitraries.of(Corpus.CHECKPOINTS);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Mutation.lists();
  }

  private static void check(String name, List<Mutation> mutations) {
    byte[] mutated = Mutation.applyAll(mutations, Corpus.seed("checkpoint", name));
    Path file = FuzzFiles.write(name, mutated);
    try {
      Checkpoint loaded = FuzzFiles.readOrReject(
          () -> Checkpoints.load(file, Corpus.ARCHITECTURE), CheckpointException.class);
      if (loaded != null) {
        assertSeedContents(name, loaded);
      }
    } finally {
      FuzzFiles.delete(file);
    }
  }

  private static void assertSeedContents(String name, Checkpoint c) {
    boolean tensors = !name.equals("no-tensors.annet");
    assertSame(tensors ? Corpus.parameters() : Map.of(), c.parameters());
    assertSame(name.equals("with-state.annet") ? Corpus.optimizerState() : Map.of(),
        c.optimizerState());
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
