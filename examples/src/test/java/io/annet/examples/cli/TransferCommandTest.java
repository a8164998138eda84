package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run of {@code annet transfer} with tiny settings (seconds), and train's --freeze. */
class TransferCommandTest {
  @TempDir Path out;

  @Test
  void theTransferJobPrintsItsTableAndDrawsItsChart() throws Exception {
    CliRun run = CliRun.of("transfer", "--data", CliRun.projectData().toString(), "--limit",
        "400", "--per-class", "5,0", "--steps", "4", "--repeats", "2", "--source-epochs", "1",
        "--source-copies", "1", "--fine-tune", "2", "--out", out.toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("n per class | examples | acc transfer"), run.toString());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("5 ") && l.contains("/2 ")),
        run.toString());
    assertTrue(run.out().contains("frozen for 2 steps, then everything fine-tuned"),
        run.toString());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("all ") && l.contains("/1 ")),
        run.toString());
    assertTrue(Files.size(out.resolve("transfer.png")) > 1000);
    assertTrue(Files.isRegularFile(out.resolve("transfer-source.ckpt")));
  }

  @Test
  void aFineTuningStageLongerThanTheBudgetIsRefused() {
    CliRun run = CliRun.of("transfer", "--data", CliRun.projectData().toString(), "--steps", "10",
        "--fine-tune", "11", "--out", out.toString());
    assertEquals(AnnetCli.EXIT_FAILURE, run.code(), run.toString());
    assertTrue(run.err().contains("--fine-tune must be from 0 to --steps"), run.toString());
  }

  @Test
  void trainFreezesTheNamedLayersAndRefusesAnUnknownOne() {
    CliRun run = CliRun.of("train", "MnistGapHead", "--data", CliRun.projectData().toString(),
        "--limit", "64", "--epochs", "1", "--freeze", "conv1,conv2", "--checkpoint",
        out.resolve("gap.ckpt").toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("Frozen for this run: conv1, conv2"), run.toString());
    CliRun bad = CliRun.of("train", "MnistGapHead", "--data", CliRun.projectData().toString(),
        "--limit", "64", "--epochs", "1", "--freeze", "backbone", "--checkpoint",
        out.resolve("bad.ckpt").toString());
    assertEquals(AnnetCli.EXIT_FAILURE, bad.code(), bad.toString());
    assertTrue(bad.err().contains("no layer or block named 'backbone'"), bad.toString());
  }
}
