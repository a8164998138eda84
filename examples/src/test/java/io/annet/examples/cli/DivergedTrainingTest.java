package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diverged run is reported as a failure and never saved (issue 11, item 2): {@code train
 * MnistGapHead --lr 1e10} printed a NaN test loss, "Saved" and exit 0, and with {@code --epochs 2}
 * overwrote the last good checkpoint with NaN weights.
 */
class DivergedTrainingTest {
  @TempDir Path dir;

  private static CliRun train(Path checkpoint, String lr, String epochs) {
    return CliRun.of("train", "MnistGapHead", "--checkpoint", checkpoint.toString(), "--data",
        CliRun.projectData().toString(), "--limit", "64", "--batch", "64", "--epochs", epochs,
        "--lr", lr);
  }

  @Test
  void aDivergedRunFailsAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path fresh = dir.resolve("nan.ckpt");
    CliRun diverged = train(fresh, "1e10", "1");
    assertEquals(AnnetCli.EXIT_FAILURE, diverged.code(), diverged.toString());
    assertTrue(diverged.err().startsWith("annet: Training diverged at epoch 1"),
        diverged.toString());
    assertFalse(diverged.out().contains("Saved"), diverged.toString());
    assertFalse(Files.exists(fresh), "a diverged run wrote " + fresh);

    Path good = dir.resolve("good.ckpt");
    CliRun ok = train(good, "0.001", "1");
    assertEquals(0, ok.code(), ok.toString());
    byte[] bytes = Files.readAllBytes(good);
    for (String epochs : new String[] {"1", "2"}) {
      CliRun again = train(good, "1e10", epochs);
      assertEquals(AnnetCli.EXIT_FAILURE, again.code(), again.toString());
      assertTrue(again.err().contains("This run wrote no checkpoint (" + good
          + " is left as it was)"), again.toString());
      assertFalse(again.out().contains("Saved"), again.toString());
      assertArrayEquals(bytes, Files.readAllBytes(good), "the good checkpoint was replaced");
    }
    CliRun evaluate = CliRun.of("evaluate", "MnistGapHead", "--checkpoint", good.toString(),
        "--data", CliRun.projectData().toString(), "--limit", "50");
    assertEquals(0, evaluate.code(), evaluate.toString());
  }
}
