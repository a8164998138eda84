package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Learning on real data: a generated network trained on the project's copy of MNIST-10k (7,996
 * training and 2,004 test digits) reaches at least 95 % test accuracy.
 */
class MnistLearningTest {

  private static Path mnist() {
    for (Path p : new Path[] {Path.of("..", "data", "mnist-10k"), Path.of("data", "mnist-10k")}) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException("data/mnist-10k not found from " + Path.of("").toAbsolutePath());
  }

  @Test
  void aGeneratedNetworkLearnsMnistToNinetyFivePercent() {
    Dataset train = IdxReader.readMnist(mnist(), true);
    Dataset test = IdxReader.readMnist(mnist(), false);
    LearnMnistNetwork net = LearnMnistNetwork.create(7);

    TrainingHistory history =
        Trainer.builder().optimizer(new Adam(0.003)).batchSize(32).epochs(3).seed(11).build()
            .fit(net, train, test);

    double accuracy = history.last().testAccuracy();
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy + "\n" + history);
  }
}
