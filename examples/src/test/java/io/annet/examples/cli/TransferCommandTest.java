package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    assertTrue(run.out().contains("| lead min / max  |"), run.toString());
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
  void theTableGivesTheSmallestAndLargestLeadOfTransferOnOneSubset() {
    TransferJob.Settings settings =
        new TransferJob.Settings(4, 300, 64, 0.01, 5, 42, 100, 0.003, 4, 0);
    String table = TransferCommand.table(List.of(
        new TransferJob.Row(10, 50, 0.9183, 0.8818, 4.5, 6.0, 5, 5, 0.0215, 0.0503),
        new TransferJob.Row(0, 3894, 0.98, 0.9815, 4.4, 5.4, 0, 1, -0.0015, -0.0015)), settings);
    assertTrue(table.contains("| ahead in | lead min / max  |"), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("10 ") && l.contains("91.83 %")
        && l.contains("88.18 %") && l.contains("5/5") && l.contains("+2.15 /  +5.03")), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("all ") && l.contains("0/1")
        && l.contains("-0.15 /  -0.15")), table);
    assertTrue(table.contains("mean of 5 subsets per n"), table);
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
