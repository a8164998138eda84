package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weights file that carries Annet's initial weights to the other workers. */
class WeightsTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsNamesOrderShapesAndValues() throws IOException {
    Weights weights = RandomWeights.of(Arch.mnistGap(), 3);
    Path file = dir.resolve("w");
    weights.write(file);
    Weights back = Weights.read(file);
    assertEquals(List.copyOf(weights.tensors().keySet()), List.copyOf(back.tensors().keySet()));
    for (String name : weights.tensors().keySet()) {
      assertArrayEquals(weights.get(name).shape(), back.get(name).shape(), name);
      assertArrayEquals(weights.get(name).data(), back.get(name).data(), name);
    }
  }

  @Test
  void rejectsAFileThatIsNotAWeightsFile() throws IOException {
    Path file = dir.resolve("junk");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    IOException e = assertThrows(IOException.class, () -> Weights.read(file));
    assertTrue(e.getMessage().contains("not a weights file"), e.getMessage());
  }

  @Test
  void tensorChecksItsLengthAndLookupNamesTheAvailable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Weights.Tensor(new long[] {2, 3}, new float[5]));
    assertTrue(e.getMessage().contains("needs 6 values, found 5"), e.getMessage());
    Weights w = RandomWeights.of(Arch.mnistGap(), 1);
    e = assertThrows(IllegalArgumentException.class, () -> w.get("conv9.weight"));
    assertTrue(e.getMessage().contains("conv1.weight"), e.getMessage());
  }
}
