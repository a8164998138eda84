package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annet train/evaluate/predict} on a folder of class folders: detected, split, checked
 * (bad files skipped with a warning, or --strict), class names saved and printed.
 */
class ImageFolderCliTest {
  private static final String[] NAMES =
      {"0 zero", "1 one", "2 two", "3 three", "4 four", "5 five", "6 six", "7 seven", "8 eight",
          "9 nine"};

  @TempDir static Path dir;
  private static Path digits;
  private static Path checkpoint;
  private static CliRun trained;

  @BeforeAll
  static void trainOnDigitFolders() throws IOException {
    digits = dir.resolve("digits");
    Dataset train = IdxReader.readMnist(CliRun.projectData(), true).first(600);
    float[] pixels = train.features().dup().data().asFloat();
    for (int i = 0; i < train.size(); i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 784; p++) {
        image.getRaster().setSample(p % 28, p / 28, 0, Math.round(pixels[i * 784 + p] * 255));
      }
      Path file = digits.resolve(NAMES[train.label(i)]).resolve("digit " + i + ".png");
      Files.createDirectories(file.getParent());
      ImageIO.write(image, "png", file.toFile());
    }
    Files.writeString(digits.resolve(NAMES[3]).resolve("notes.png"), "not a picture");
    checkpoint = dir.resolve("gap.ckpt");
    trained = CliRun.of("train", "MnistFcHead", "--data", digits.toString(), "--epochs", "6",
        "--checkpoint", checkpoint.toString(), "--augment", "crop");
  }

  @Test
  void trainDetectsTheFolderSkipsTheBadFileAndSavesTheClassNames() throws IOException {
    assertEquals(0, trained.code(), trained.toString());
    assertTrue(trained.out().contains("10 classes [0 zero, 1 one, 2 two, 3 three"),
        trained.toString());
    assertTrue(trained.out().contains("539 training and 61 test examples"), trained.toString());
    Path bad = digits.resolve(NAMES[3]).resolve("notes.png");
    assertTrue(trained.err().contains("annet: warning: skipped " + bad + ": not an image"),
        trained.toString());
    assertTrue(trained.err().contains("skipped 1 of "), trained.toString());
    assertTrue(trained.out().contains("Class names and normalisation saved to " + checkpoint
        + ".images"), trained.toString());
    assertTrue(Files.readString(Path.of(checkpoint + ".images")).contains("class.7=7 seven"));
  }

  @Test
  void evaluateReadsTheSameValidationSplitAndPrintsTheClasses() {
    CliRun run = CliRun.of("evaluate", "MnistFcHead", "--data", digits.toString(),
        "--checkpoint", checkpoint.toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("on 61 test examples"), run.toString());
    assertTrue(run.out().contains("classes: 0 0 zero, 1 1 one, 2 2 two"), run.toString());
  }

  @Test
  void predictTakesFilesAndFoldersAndPrintsClassNames() throws IOException {
    Path seven = digits.resolve(NAMES[7]);
    Path jpeg = dir.resolve("a seven.jpg");
    BufferedImage image = ImageIO.read(Files.list(seven).sorted().findFirst().orElseThrow()
        .toFile());
    BufferedImage rgb = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    rgb.createGraphics().drawImage(image, 0, 0, 56, 56, null);
    ImageIO.write(rgb, "jpeg", jpeg.toFile());
    CliRun run = CliRun.of("predict", "MnistFcHead", "--checkpoint", checkpoint.toString(),
        jpeg.toString(), seven.toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains(jpeg + ": "), run.toString());
    long sevens = run.out().lines().filter(l -> l.contains(seven.toString())
        && l.substring(l.lastIndexOf(": ") + 2).startsWith("7 seven")).count();
    long all = run.out().lines().filter(l -> l.contains(seven.toString())).count();
    assertTrue(all > 40 && sevens > all / 2, sevens + " of " + all + " sevens\n" + run + trained);
  }

  @Test
  void strictStopsAtTheBadFileNamingIt() {
    CliRun run = CliRun.of("train", "MnistFcHead", "--data", digits.toString(), "--epochs", "1",
        "--checkpoint", dir.resolve("strict.ckpt").toString(), "--strict");
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains("annet: " + digits.resolve(NAMES[3]).resolve("notes.png")
        + ": not an image"), run.toString());
    assertTrue(Files.notExists(dir.resolve("strict.ckpt")));
  }

  @Test
  void classCountMustMatchTheModel() throws IOException {
    Path three = dir.resolve("three");
    for (String c : new String[] {"a", "b", "c"}) {
      Files.createDirectories(three.resolve(c));
      Files.copy(Files.list(digits.resolve(NAMES[1])).findFirst().orElseThrow(),
          three.resolve(c).resolve("x.png"));
    }
    CliRun run = CliRun.of("train", "MnistFcHead", "--data", three.toString(),
        "--checkpoint", dir.resolve("three.ckpt").toString());
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains("MnistFcHead has 10 classes but " + three + " has 3: [a, b, c]"),
        run.toString());
  }

  @Test
  void oneClassFolderIsAnError() throws IOException {
    Path one = dir.resolve("one");
    Files.createDirectories(one.resolve("cats"));
    Files.copy(Files.list(digits.resolve(NAMES[1])).findFirst().orElseThrow(),
        one.resolve("cats").resolve("x.png"));
    CliRun run = CliRun.of("train", "MnistFcHead", "--data", one.toString(), "--checkpoint",
        dir.resolve("one.ckpt").toString());
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains("found 1 class folder (cats)"), run.toString());
  }
}
