package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.graphs.InceptionV4Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnetCliTest {
  @TempDir Path dir;

  /** A failure is exactly one line on standard error, prefixed, without a stack trace. */
  private static void assertOneLineError(CliRun run, int code, String expected) {
    assertEquals(code, run.code(), run.toString());
    String err = run.err().strip();
    assertFalse(err.contains("\n"), "more than one line: " + run);
    assertTrue(err.startsWith("annet: "), run.toString());
    assertTrue(err.contains(expected), "expected '" + expected + "' in: " + run);
    assertFalse(err.contains("\tat ") || err.contains("Exception:"), run.toString());
  }

  @Test
  void helpListsEverySubcommand() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.code(), run.toString());
    for (String command : new String[] {"compare", "train", "evaluate", "predict", "summary"}) {
      assertTrue(run.out().contains(command), command + " missing from\n" + run.out());
    }
    CliRun compareHelp = CliRun.of("compare", "--help");
    assertEquals(0, compareHelp.code());
    for (String option :
        new String[] {"--epochs", "--batch", "--seed", "--data", "--out", "--limit"}) {
      assertTrue(
          compareHelp.out().contains(option), option + " missing from\n" + compareHelp.out());
    }
  }

  @Test
  void versionNamesTheProgram() {
    CliRun run = CliRun.of("--version");
    assertEquals(0, run.code());
    assertTrue(run.out().startsWith("annet "), run.out());
  }

  @Test
  void summaryPrintsTheModelAndTheCompileTimeTableWithEachLayersSettings() {
    CliRun run = CliRun.of("summary", "mnistgaphead");
    assertEquals(0, run.code(), run.toString());
    String[] lines = run.out().strip().split("\n");
    assertEquals(
        "MnistGapHead (io.annet.examples.MnistGapHeadNetwork): input [1, 28, 28] classes 10",
        lines[0]);
    String[] table = MnistGapHeadNetwork.SUMMARY.strip().split("\n");
    assertEquals(table.length + 1, lines.length, run.out());
    for (int i = 0; i < table.length; i++) {
      assertTrue(lines[i + 1].startsWith(table[i].stripTrailing()), lines[i + 1]);
    }
    assertTrue(lines[1].endsWith("  settings"), lines[1]);
    assertTrue(
        run.out().contains("filters=16, window=3x3/1 pad 1, activation=RELU, bias=true"),
        run.out());
    assertTrue(run.out().contains("activation=LEAKY_RELU"), run.out());
    assertTrue(run.out().contains("[10, 7, 7]"), run.out());
    assertTrue(
        run.out().contains(String.format(Locale.ROOT, "%,d", MnistGapHeadNetwork.PARAMETERS)),
        run.out());
  }

  @Test
  void summaryOfTheFullInceptionV4ComesFromTheCompiledClassWithoutBuildingIt() {
    CliRun run = CliRun.of("summary", "InceptionV4");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("InceptionV4 (io.annet.examples.graphs.InceptionV4Network)"),
        run.out());
    assertTrue(run.out().contains("42,679,816"), run.out());
    // Graph layers name the inputs that are not simply the previous layer.
    assertTrue(run.out().contains("<- "), run.out());
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertOneLineError(
        CliRun.of("compare", "--bogus"), AnnetCli.EXIT_USAGE, "Unknown option: '--bogus'");
  }

  @Test
  void nonNumericValueIsAUsageError() {
    assertOneLineError(CliRun.of("compare", "--epochs", "many"), AnnetCli.EXIT_USAGE, "--epochs");
  }

  @Test
  void missingModelArgumentIsAUsageError() {
    assertOneLineError(CliRun.of("summary"), AnnetCli.EXIT_USAGE, "MODEL");
    assertOneLineError(CliRun.of("evaluate", "MnistGapHead"), AnnetCli.EXIT_USAGE, "--checkpoint");
  }

  @Test
  void unknownModelNamesTheChoices() {
    assertOneLineError(
        CliRun.of("summary", "LeNet"),
        AnnetCli.EXIT_FAILURE,
        "unknown model 'LeNet'; expected one of MnistFcHead, MnistGapHead, NinCifar10,"
            + " InceptionV4Head, InceptionMnist, ResNetCifar, InceptionV4, InceptionResNetV1Head,"
            + " MobileMnist, or the fully qualified name of your own model's generated class or"
            + " interface with --classpath");
  }

  @Test
  void outOfRangeOptionsAreRejectedBeforeAnyWork() {
    assertOneLineError(
        CliRun.of("compare", "--epochs", "0"),
        AnnetCli.EXIT_FAILURE,
        "--epochs must be >= 1, found 0");
    assertOneLineError(
        CliRun.of("train", "MnistFcHead", "--checkpoint", "x", "--batch", "-3"),
        AnnetCli.EXIT_FAILURE,
        "--batch must be >= 1, found -3");
  }

  @Test
  void missingDataDirectoryIsAOneLineError() {
    Path missing = dir.resolve("nowhere");
    assertOneLineError(
        CliRun.of("compare", "--data", missing.toString()),
        AnnetCli.EXIT_FAILURE,
        "cannot read data directory " + missing + ": no such directory");
  }

  @Test
  void directoryWithoutIdxFilesIsAOneLineError() {
    assertOneLineError(
        CliRun.of("compare", "--data", dir.toString()),
        AnnetCli.EXIT_FAILURE,
        "train-images-idx3-ubyte");
  }

  @Test
  void corruptIdxFileIsAOneLineError() throws Exception {
    Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
    CliRun run = CliRun.of("compare", "--data", dir.toString());
    assertOneLineError(run, AnnetCli.EXIT_FAILURE, "train-images-idx3-ubyte");
  }

  @Test
  void missingCheckpointSaysHowToMakeOne() {
    Path checkpoint = dir.resolve("none.ckpt");
    assertOneLineError(
        CliRun.of("evaluate", "MnistGapHead", "--checkpoint", checkpoint.toString()),
        AnnetCli.EXIT_FAILURE,
        "cannot read checkpoint " + checkpoint + ": no such file (write one with: annet train");
  }

  @Test
  void modelWithoutDataReaderIsAOneLineError() {
    assertOneLineError(
        CliRun.of(
            "train",
            "InceptionV4Head",
            "--checkpoint",
            dir.resolve("i.ckpt").toString(),
            "--data",
            CliRun.projectData().toString()),
        AnnetCli.EXIT_FAILURE,
        "there is no reader for such data");
  }

  @Test
  void fileSystemErrorsNameTheFileAndTheReason() {
    assertEquals(
        "cannot access /x/y: permission denied",
        AnnetCli.describe(new java.nio.file.AccessDeniedException("/x/y")));
    assertEquals(
        "cannot access /x/y: no such file or directory",
        AnnetCli.describe(
            new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/x/y"))));
    assertTrue(AnnetCli.describe(new NullPointerException("boom")).startsWith("internal error: "));
  }

  @Test
  void outputDirectoryThatIsAFileIsAOneLineError() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    assertOneLineError(
        CliRun.of(
            "compare",
            "--data",
            CliRun.projectData().toString(),
            "--limit",
            "8",
            "--epochs",
            "1",
            "--out",
            file.toString()),
        AnnetCli.EXIT_FAILURE,
        "cannot access " + file + ": already exists and is not a directory");
  }

  @Test
  void topThreeIsSortedByProbability() {
    assertEquals(
        "2 50.00 %, 0 30.00 %, 3 15.00 %", PredictCommand.top(new double[] {0.3, 0.05, 0.5, 0.15}));
  }
}
