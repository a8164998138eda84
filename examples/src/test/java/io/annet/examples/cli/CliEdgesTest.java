package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line edges of issue 11, item 11: a damaged image is named and the other images are
 * still classified; a model given the other kind of data set (NinCifar10 on the default MNIST copy)
 * says so instead of naming a missing CIFAR-10 file in the MNIST directory.
 */
class CliEdgesTest {
  @TempDir Path dir;

  private Path picture(String name) throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(8, 4, 12, 20);
    g.dispose();
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void badImagesAreNamedAndTheOthersStillClassified() throws Exception {
    Path checkpoint = dir.resolve("gap.ckpt");
    MnistGapHeadNetwork.create(1).save(checkpoint);
    Path good = picture("good.png");
    Path truncated = picture("truncated.png");
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2)); // "Error reading PNG image data"
    Path folder = Files.createDirectory(dir.resolve("folder.png"));
    Path good2 = picture("good2.png");
    CliRun run = CliRun.of("predict", "MnistGapHead", "--checkpoint", checkpoint.toString(),
        truncated.toString(), good.toString(), folder.toString(), good2.toString());
    assertEquals(AnnetCli.EXIT_FAILURE, run.code(), run.toString());
    // "FILE: top-3", or "FILE (centred as MNIST): top-3" with the preprocessing it applied
    assertTrue(classified(run.out(), good) && classified(run.out(), good2),
        "the readable images after a bad one are classified: " + run);
    assertTrue(run.err().contains("annet: cannot read image " + truncated + ": "), run.toString());
    assertTrue(run.err().contains("annet: cannot read image " + folder + ": a directory"),
        run.toString());
    assertTrue(run.err().contains("2 of 4 images could not be read"), run.toString());
  }

  @Test
  void aModelGivenTheOtherKindOfDataSaysWhichAndHowToFixIt() throws Exception {
    String home = System.getProperty("annet.home");
    System.setProperty("annet.home", CliRun.projectData().getParent().getParent().toString());
    try {
      CliRun run = CliRun.of("train", "NinCifar10", "--checkpoint",
          dir.resolve("nin.ckpt").toString(), "--epochs", "1");
      assertEquals(AnnetCli.EXIT_FAILURE, run.code(), run.toString());
      assertTrue(run.err().contains("NinCifar10 takes CIFAR-10 examples of shape [3, 32, 32] but ")
          && run.err().contains("mnist-10k holds MNIST-style IDX files (the default data"
              + " directory, as --data was not given); give --data DIR with the CIFAR-10"),
          run.toString());
      assertTrue(!run.err().contains("data_batch_1.bin: no such file"), run.toString());
    } finally {
      if (home == null) {
        System.clearProperty("annet.home");
      } else {
        System.setProperty("annet.home", home);
      }
    }
    Path cifar = Files.createDirectory(dir.resolve("cifar"));
    Files.write(cifar.resolve("data_batch_1.bin"), new byte[3073]);
    CliRun run = CliRun.of("train", "MnistGapHead", "--checkpoint",
        dir.resolve("gap.ckpt").toString(), "--data", cifar.toString());
    assertEquals(AnnetCli.EXIT_FAILURE, run.code(), run.toString());
    assertTrue(run.err().contains("MnistGapHead takes MNIST-style examples of shape [1, 28, 28] but "
        + cifar + " holds CIFAR-10 batches; give --data DIR with MNIST-style IDX files"),
        run.toString());
  }

  private static boolean classified(String out, Path image) {
    return out.lines().anyMatch(l -> l.startsWith(image.toString()) && l.contains(": "));
  }
}
