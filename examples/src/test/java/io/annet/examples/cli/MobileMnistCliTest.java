package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MobileMnistNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MobileMnist, the depthwise-separable example, is one of the CLI's models: listed with its
 * compile-time table, and trained, evaluated and restored from a checkpoint like the others.
 */
class MobileMnistCliTest {
  @TempDir Path dir;

  @Test
  void summaryListsTheDepthwiseLayersAndTheParameters() {
    CliRun run = CliRun.of("summary", "MobileMnist");
    assertEquals(0, run.code(), run.toString());
    assertTrue(
        run.out().startsWith(
            "MobileMnist (io.annet.examples.MobileMnistNetwork): input [1, 28, 28] classes 10"),
        run.out());
    assertTrue(run.out().contains("DepthwiseConv"), run.out());
    assertTrue(run.out().contains("multiplier=2, window=3x3/2 pad 1"), run.out());
    assertTrue(run.out().contains("[64, 7, 7]"), run.out());
    assertTrue(
        run.out().contains(String.format(Locale.ROOT, "%,d", MobileMnistNetwork.PARAMETERS)),
        run.out());
  }

  @Test
  void trainsAndEvaluatesFromACheckpoint() throws Exception {
    String data = CliRun.projectData().toString();
    Path checkpoint = dir.resolve("mobile.ckpt");
    CliRun train =
        CliRun.of(
            "train", "MobileMnist", "--checkpoint", checkpoint.toString(), "--data", data,
            "--limit", "64", "--epochs", "1", "--batch", "32");
    assertEquals(0, train.code(), train.toString());
    assertTrue(Files.size(checkpoint) > MobileMnistNetwork.PARAMETERS * 4, "checkpoint too small");
    CliRun evaluate =
        CliRun.of(
            "evaluate", "MobileMnist", "--checkpoint", checkpoint.toString(), "--data", data,
            "--limit", "50");
    assertEquals(0, evaluate.code(), evaluate.toString());
    assertTrue(evaluate.out().contains("on 50 test examples"), evaluate.out());
    assertEquals(
        MobileMnistNetwork.load(checkpoint).parameters().keySet(),
        MobileMnistNetwork.create(1).parameters().keySet());
  }
}
