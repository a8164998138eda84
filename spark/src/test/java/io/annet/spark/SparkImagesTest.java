package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.data.ImageCheck;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.data.ImageFileException;
import io.annet.runtime.data.ImageFolder;
import io.annet.runtime.data.ImageSource;
import io.annet.runtime.data.ResizePolicy;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image folders on Spark: the executors' examples equal the single-machine image path's, so
 * SparkTrainer on local[2] reaches the single-machine Trainer's weights on the same PNG files.
 */
class SparkImagesTest {
  private static final int[] SHAPE = {1, 28, 28};
  @TempDir static Path folder;
  private static Path root;

  /** 200 MNIST digits as PNGs in class folders, and one file that is not an image. */
  @BeforeAll
  static void write() throws IOException {
    root = folder.resolve("digits");
    Dataset digits = IdxReader.readMnist(ExactnessTest.MNIST, true).first(200);
    float[] pixels = digits.features().dup('c').data().asFloat();
    int[] labels = digits.labels();
    for (int i = 0; i < 200; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 28 * 28; p++) {
        image.getRaster().setSample(p % 28, p / 28, 0, Math.round(pixels[i * 784 + p] * 255));
      }
      Path dir = Files.createDirectories(root.resolve("digit" + labels[i]));
      ImageIO.write(image, "png", dir.resolve(String.format("%04d.png", i)).toFile());
    }
    Files.writeString(root.resolve("digit3").resolve("0000-broken.png"), "not a picture");
  }

  @Test
  void sgdStepsOnExecutorImagesEqualOneMachine() {
    List<String> warnings = new ArrayList<>();
    ImageCheck.Result local = ImageCheck.run(
        ImageFolder.scan(root, null, BadInputPolicy.SKIP, w -> { }), SHAPE,
        ResizePolicy.CENTRE_CROP, BadInputPolicy.SKIP, 2, w -> { });
    ImageSource source = ImageSource.builder(local.images(), SHAPE)
        .normalization(local.statistics()).threads(2).build();
    Network single = MnistGapHeadNetwork.create(7);
    Trainer.builder().optimizer(new Sgd(0.05, 0.9)).batchSize(40).epochs(1).seed(3)
        .consoleProgress(false).build().fit(single, source);

    JavaSparkContext spark = LocalSpark.get();
    ImageFiles files = ImageFiles.scan(root.toString(), null, BadInputPolicy.SKIP,
        warnings::add);
    SparkImages.Prepared prepared = SparkImages.prepare(spark, files, SHAPE,
        ResizePolicy.CENTRE_CROP, null, BadInputPolicy.SKIP, 3, warnings::add);
    assertEquals(1, prepared.skipped());
    assertTrue(warnings.get(0).contains("0000-broken.png"), warnings.toString());
    assertEquals(local.images().classNames(), prepared.info().classNames());
    assertEquals(local.images().size(), prepared.files().size());
    for (int c = 0; c < 1; c++) {
      assertEquals(local.statistics().mean()[c], prepared.info().normalization().mean()[c], 1e-9);
      assertEquals(local.statistics().std()[c], prepared.info().normalization().std()[c], 1e-9);
    }
    assertArrayEquals(local.images().labels(), prepared.files().labels());

    Network parallel = MnistGapHeadNetwork.create(7);
    Map<String, INDArray> initial = MnistGapHeadNetwork.create(7).parameters();
    SparkTrainer trainer = SparkTrainer.builder().optimizer(new Sgd(0.05, 0.9)).batchSize(40)
        .epochs(1).seed(3).partitions(2).build();
    trainer.fit(spark, parallel, prepared.examples(), null);
    assertEquals(5, trainer.optimizer().iteration());
    for (Map.Entry<String, INDArray> e : single.parameters().entrySet()) {
      INDArray expected = e.getValue();
      INDArray found = parallel.parameters().get(e.getKey());
      double scale = expected.amaxNumber().doubleValue();
      double error = found.sub(expected).amaxNumber().doubleValue();
      assertTrue(error <= 1e-5 * scale,
          e.getKey() + ": max difference " + error + " against max |w| " + scale);
      double moved = expected.sub(initial.get(e.getKey())).amaxNumber().doubleValue();
      assertTrue(moved > 100 * error, e.getKey() + " barely moved: " + moved);
    }
  }

  @Test
  void sparkTrainDetectsTheFolderAndSavesTheImageInformation() throws IOException {
    Path checkpoint = folder.resolve("run.ckpt");
    SparkTrainMain main = new SparkTrainMain();
    new picocli.CommandLine(main).parseArgs("--model", "MnistGapHead", "--data",
        root.toString(), "--epochs", "1", "--batch", "50", "--limit", "100", "--checkpoint",
        checkpoint.toString());
    assertEquals(0, main.train(LocalSpark.get(),
        io.annet.examples.cli.ModelRegistry.get("MnistGapHead")));
    assertTrue(Files.exists(checkpoint));
    ImageDataInfo info = ImageDataInfo.load(checkpoint).orElseThrow();
    assertEquals(10, info.classNames().size());
    assertEquals("digit0", info.classNames().get(0));
    assertArrayEquals(SHAPE, info.shape());
    assertTrue(info.normalization().mean()[0] > 0.05 && info.normalization().mean()[0] < 0.3,
        info.toString());
  }

  @Test
  void strictPolicyFailsOnTheBadFileNamingIt() {
    ImageFiles files = ImageFiles.scan(root.toString(), null, BadInputPolicy.STRICT, w -> { });
    ImageFileException e = assertThrows(ImageFileException.class, () -> SparkImages.prepare(
        LocalSpark.get(), files, SHAPE, ResizePolicy.CENTRE_CROP, null, BadInputPolicy.STRICT, 2,
        w -> { }));
    assertTrue(e.getMessage().contains("0000-broken.png"), e.getMessage());
  }

  @Test
  void listingMatchesTheLocalFolderAndAManifest() throws IOException {
    ImageFiles files = ImageFiles.scan("file://" + root, null, BadInputPolicy.SKIP, w -> { });
    var local = ImageFolder.scan(root, null, BadInputPolicy.SKIP, w -> { });
    assertEquals(local.size(), files.size());
    for (int i = 0; i < files.size(); i++) {
      assertEquals(local.files().get(i).toUri().getPath(),
          java.net.URI.create(files.files().get(i)).getPath());
    }
    assertTrue(ImageFiles.isImageFolder(root.toString()));
    assertTrue(!ImageFiles.isImageFolder(ExactnessTest.MNIST.toString()));
    Path csv = folder.resolve("manifest.csv");
    Files.writeString(csv, "path,label\ndigits/digit1/0003.png,one\ndigits/digit0/0001.png,zero\n");
    ImageFiles manifest = ImageFiles.manifest(csv.toString());
    assertEquals(List.of("one", "zero"), manifest.classNames());
    assertArrayEquals(new int[] {0, 1}, manifest.labels());
    assertTrue(manifest.files().get(0).endsWith("digits/digit1/0003.png"), manifest.files()
        .toString());
  }
}
