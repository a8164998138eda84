package io.annet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Reader, trainer and evaluator together on the shipped MNIST-10k: a linear model. */
class MnistSoftmaxTest {

  @Test
  void softmaxRegressionReachesNinetyPercent() {
    Path mnist = Files.isDirectory(Path.of("../data/mnist-10k")) ? Path.of("../data/mnist-10k")
        : Path.of("data/mnist-10k");
    Dataset train = IdxReader.readMnist(mnist, true);
    Dataset test = IdxReader.readMnist(mnist, false);
    SoftmaxRegression net = new SoftmaxRegression(new int[] {1, 28, 28}, 10, DataType.FLOAT, 1);
    TrainingHistory h = Trainer.builder().optimizer(new Adam(0.005)).batchSize(64).epochs(3)
        .seed(3).build().fit(net, train, test);
    assertTrue(h.last().testAccuracy() > 0.88, h.toString() + h.last().confusion());
  }
}
