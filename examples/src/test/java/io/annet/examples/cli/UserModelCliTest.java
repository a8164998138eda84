package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.train.TrainingInterruptedException;
import io.annet.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assertions;

/** The commands on a model of the user's own, compiled elsewhere and found with --classpath. */
class UserModelCliTest {
  static final String TINY =
      """
      package demo;

      import io.annet.dsl.*;

      @Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
      public interface Tiny {
        @Conv(filters = 8, kernel = 3, padding = 1)
        Layer conv1();

        @MaxPool(kernel = 2)
        Layer pool1();

        @MlpConv(filters = {16, 10}, kernel = 3, padding = 1)
        Layer block2();

        @GlobalAvgPool
        Layer gap();
      }
      """;

  @TempDir static Path shared;
  static Path classes;

  @TempDir Path dir;

  @BeforeAll
  static void compileTheUsersModel() throws Exception {
    classes = Javac.compile(shared, Map.of("demo/Tiny.java", TINY));
  }

  @Test
  void summaryTakesTheInterfaceOrTheGeneratedClass() {
    for (String name : new String[] {"demo.Tiny", "demo.TinyNetwork"}) {
      CliRun run = CliRun.of("summary", name, "--classpath", classes.toString());
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.out().startsWith("Tiny (demo.TinyNetwork): input [1, 28, 28] classes 10\n"),
          run.out());
      assertTrue(run.out().contains("filters=[16, 10], window=3x3/1 pad 1, activation=RELU"),
          run.out());
    }
  }

  @Test
  void aSimpleNameIsFoundInTheIndexTheProcessorWrote() throws Exception {
    Path jar = dir.resolve("tiny.jar");
    try (java.util.jar.JarOutputStream out =
        new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
        java.util.stream.Stream<Path> files = java.nio.file.Files.walk(classes)) {
      for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(
            classes.relativize(file).toString().replace('\\', '/')));
        out.write(java.nio.file.Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    for (String cp : new String[] {classes.toString(), jar.toString()}) {
      for (String name : new String[] {"Tiny", "tiny", "TinyNetwork"}) {
        CliRun run = CliRun.of("summary", name, "-cp", cp);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("Tiny (demo.TinyNetwork): "), run.out());
      }
      CliRun unknown = CliRun.of("summary", "LeNet", "-cp", cp);
      assertEquals(AnnetCli.EXIT_FAILURE, unknown.code());
      assertTrue(unknown.err().contains(
          "unknown model 'LeNet'; the models on --classpath " + cp + " are: demo.Tiny"),
          unknown.err());
    }
  }

  @Test
  void trainEvaluateAndPredictWorkOnTheUsersModel() throws Exception {
    String data = CliRun.projectData().toString();
    String checkpoint = dir.resolve("tiny.ckpt").toString();
    String cp = classes.toString();
    CliRun train = CliRun.of("train", "demo.Tiny", "-cp", cp, "--checkpoint", checkpoint,
        "--data", data, "--limit", "64", "--epochs", "1", "--batch", "32");
    assertEquals(0, train.code(), train.toString());
    assertTrue(train.out().startsWith("Tiny: 1,418 parameters"), train.out());
    assertTrue(train.out().matches("(?s).*Tiny epoch 1/1: .*test accuracy \\d+\\.\\d\\d %.*"),
        train.out());

    CliRun evaluate = CliRun.of("evaluate", "demo.Tiny", "-cp", cp, "--checkpoint", checkpoint,
        "--data", data, "--limit", "50");
    assertEquals(0, evaluate.code(), evaluate.toString());
    assertTrue(evaluate.out().matches("(?s)Tiny on 50 test examples .*accuracy \\d+\\.\\d\\d %.*"),
        evaluate.out());

    Path image = dir.resolve("seven.png");
    assertTrue(ImageIO.write(MnistCentringTest.seven(280, 280, 45, 25), "png", image.toFile()));
    CliRun predict = CliRun.of("predict", "demo.TinyNetwork", "--classpath", cp,
        "--checkpoint", checkpoint, image.toString());
    assertEquals(0, predict.code(), predict.toString());
    assertTrue(predict.out().contains("seven.png (inverted, centred as MNIST): "), predict.out());
  }

  @Test
  void aClassThatIsNotThereOrNotANetworkIsAClearError() {
    String cp = classes.toString();
    CliRun missing = CliRun.of("summary", "demo.Missing", "-cp", cp);
    assertEquals(AnnetCli.EXIT_FAILURE, missing.code());
    assertTrue(missing.err().contains("unknown model 'demo.Missing'")
        && missing.err().contains("on --classpath " + cp + " (not found there)"), missing.err());
    CliRun noClasspath = CliRun.of("summary", "demo.Tiny");
    assertTrue(noClasspath.err().contains("(none given)"), noClasspath.err());
    CliRun notANetwork = CliRun.of("summary", "java.lang.String");
    assertTrue(notANetwork.err().contains("java.lang.String is not a network generated by Annet"),
        notANetwork.err());
    CliRun badEntry = CliRun.of("summary", "demo.Tiny", "-cp", dir.resolve("nowhere").toString());
    assertTrue(badEntry.err().contains("cannot read classpath entry"), badEntry.err());
  }

  @Test
  void resumeFinishesAnInterruptedRunWithTheWeightsOfAnUninterruptedOne() throws Exception {
    String data = CliRun.projectData().toString();
    Path full = dir.resolve("full.ckpt");
    String[] same = {"--data", data, "--limit", "64", "--epochs", "2", "--batch", "32"};
    CliRun straight = CliRun.of(concat(
        new String[] {"train", "MnistGapHead", "--checkpoint", full.toString()}, same));
    assertEquals(0, straight.code(), straight.toString());

    // The same run, stopped (as by Ctrl-C) after step 3 of 4: mid-way through epoch 2.
    Path part = dir.resolve("part.ckpt");
    TrainingOptions options = new TrainingOptions();
    options.data = Path.of(data);
    options.limit = 64;
    options.epochs = 2;
    options.batch = 32;
    options.seed = 42;
    options.learningRate = 0.01;
    int[] steps = {0};
    TrainingListener stopper = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double perSecond) {
        if (++steps[0] == 3) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ModelRegistry.Entry gap = ModelRegistry.get("MnistGapHead");
    DataLoader.Split split = DataLoader.load(options.data, gap.name(), new int[] {1, 28, 28}, 64);
    Assertions.assertThrows(TrainingInterruptedException.class, () -> Training.fit(
        gap.create().apply(42), split, options, stopper, part, false));
    assertTrue(Thread.interrupted());

    CliRun resumed = CliRun.of(concat(
        new String[] {"train", "MnistGapHead", "--checkpoint", part.toString(), "--resume"},
        same));
    assertEquals(0, resumed.code(), resumed.toString());
    assertTrue(resumed.out().contains("; resuming from " + part), resumed.out());
    assertTrue(resumed.out().contains("MnistGapHead epoch 2/2: ")
        && !resumed.out().contains("epoch 1/2"), resumed.out());
    assertEquals(MnistGapHeadNetwork.load(full).parameters(),
        MnistGapHeadNetwork.load(part).parameters());

    CliRun again = CliRun.of(concat(
        new String[] {"train", "MnistGapHead", "--checkpoint", part.toString(), "--resume"},
        same));
    assertEquals(AnnetCli.EXIT_FAILURE, again.code());
    assertTrue(again.err().contains("nothing left to train"), again.err());
    CliRun none = CliRun.of("train", "MnistGapHead", "--checkpoint",
        dir.resolve("none.ckpt").toString(), "--resume");
    assertTrue(none.err().contains("cannot resume from"), none.err());
  }

  @Test
  void anInterruptedTrainSaysHowToResumeAndResumeFinishesIt() throws Exception {
    Path checkpoint = dir.resolve("stopped.ckpt");
    String[] args = {"train", "MnistGapHead", "--checkpoint", checkpoint.toString(), "--data",
        CliRun.projectData().toString(), "--limit", "640", "--epochs", "8", "--batch", "32"};
    CliRun[] result = new CliRun[1];
    Thread training = new Thread(() -> result[0] = CliRun.of(args), "cli-train");
    training.start();
    // The first checkpoint is written after epoch 1; then stop it, as Ctrl-C does.
    while (!java.nio.file.Files.exists(checkpoint) && training.isAlive()) {
      Thread.sleep(5);
    }
    training.interrupt();
    training.join();
    CliRun stopped = result[0];
    assertEquals(AnnetCli.EXIT_FAILURE, stopped.code(), stopped.toString());
    assertTrue(stopped.err().startsWith("annet: training interrupted after epoch "),
        stopped.toString());
    assertTrue(stopped.err().strip().endsWith("; saved to " + checkpoint
        + ". Continue with: annet " + String.join(" ", args) + " --resume"), stopped.toString());

    CliRun resumed = CliRun.of(concat(args, new String[] {"--resume"}));
    assertEquals(0, resumed.code(), resumed.toString());
    assertTrue(resumed.out().contains("MnistGapHead epoch 8/8: ")
        && !resumed.out().contains("epoch 1/8"), resumed.out());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
