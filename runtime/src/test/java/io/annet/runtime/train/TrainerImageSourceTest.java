package io.annet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.ImageFolder;
import io.annet.runtime.data.ImageSource;
import io.annet.runtime.optim.Sgd;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The trainer streams an image source and stops its threads however an epoch ends. */
class TrainerImageSourceTest {
  @TempDir Path dir;

  private ImageSource pictures() throws Exception {
    for (int i = 0; i < 20; i++) {
      BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setSample(i % 2 == 0 ? 1 : 6, 4, 0, 255); // the class is where the dot is
      Path file = dir.resolve(i % 2 == 0 ? "left" : "right").resolve(i + ".png");
      Files.createDirectories(file.getParent());
      ImageIO.write(image, "png", file.toFile());
    }
    return ImageSource.builder(ImageFolder.scan(dir, null, BadInputPolicy.STRICT, w -> {}),
        new int[] {1, 8, 8}).threads(2).build();
  }

  private static boolean decodingThreadsAlive() throws InterruptedException {
    Thread.sleep(50);
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("annet-decode") && t.isAlive());
  }

  @Test
  void trainsAndEvaluatesOnStreamedImages() throws Exception {
    ImageSource images = pictures();
    SoftmaxRegression net = new SoftmaxRegression(new int[] {1, 8, 8}, 2, DataType.FLOAT, 1);
    TrainingHistory history = Trainer.builder().optimizer(new Sgd(0.5)).batchSize(6).epochs(15)
        .seed(3).consoleProgress(false).build().fit(net, images, images);
    assertEquals(1.0, history.last().testAccuracy(), "the dot's side is learnt");
    assertFalse(decodingThreadsAlive());
  }

  @Test
  void aFailingEpochStopsTheDecodingThreads() throws Exception {
    ImageSource images = pictures();
    SoftmaxRegression net = new SoftmaxRegression(new int[] {1, 8, 8}, 2, DataType.FLOAT, 1);
    TrainingListener failing = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double rate) {
        throw new IllegalStateException("stop at batch " + batch);
      }
    };
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.5)).batchSize(2).epochs(2)
        .consoleProgress(false).listener(failing).build();
    assertThrows(IllegalStateException.class, () -> trainer.fit(net, images));
    assertFalse(decodingThreadsAlive(), "the epoch's stream was closed");
  }
}
