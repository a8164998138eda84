package io.annet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer driving a real {@link io.annet.runtime.Network} (conv, pool, batch norm, dense). */
class NetworkTrainingTest {
  private static Dataset train;
  private static Dataset test;

  @TempDir Path dir;

  @BeforeAll
  static void readMnist() {
    Path mnist = Files.isDirectory(Path.of("../data/mnist-10k")) ? Path.of("../data/mnist-10k")
        : Path.of("data/mnist-10k");
    train = IdxReader.readMnist(mnist, true).first(3000);
    test = IdxReader.readMnist(mnist, false).first(1000);
  }

  @Test
  void aConvNetworkLearnsMnist() {
    SmallConvNetwork net = new SmallConvNetwork(1);
    TrainingHistory h = Trainer.builder().optimizer(new Adam(0.003)).batchSize(32).epochs(2)
        .seed(2).schedule(LearningRateSchedule.cosine(0.003, 0.0003, 2 * 94, 10)).build()
        .fit(net, train, test);
    assertTrue(h.last().testAccuracy() > 0.9, h + "\n" + h.last().confusion());
  }

  private static Trainer trainer(Optimizer optimizer, Path checkpoint) {
    return Trainer.builder().optimizer(optimizer).batchSize(32).epochs(1).seed(9)
        .checkpoint(checkpoint).build();
  }

  @Test
  void resumingFromACheckpointGivesTheSameNextSteps() throws IOException {
    Dataset part = train.first(320);
    Path file = dir.resolve("small.annet");
    SmallConvNetwork a = new SmallConvNetwork(4);
    Adam adamA = new Adam(0.002);
    trainer(adamA, file).fit(a, part, null);

    SmallConvNetwork b = new SmallConvNetwork(5);
    Adam adamB = new Adam(0.002);
    Trainer resumed = trainer(adamB, null);
    resumed.resume(b, file);
    assertEquals(10, adamB.iteration());

    trainer(adamA, null).fit(a, part);
    resumed.fit(b, part);
    a.parameters().forEach((name, value) -> assertEquals(value, b.parameters().get(name), name));
  }
}
