package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.Optimizer;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Data-parallel steps on local[2] give the weights of one machine with the global batch: 2
 * partitions x 32 against the single-machine {@link Trainer} with batch 64, same seed and data.
 */
class ExactnessTest {
  static final Path MNIST = Path.of("..", "data", "mnist-10k");
  private static Dataset data;

  @BeforeAll
  static void read() {
    data = IdxReader.readMnist(MNIST, true).first(640); // 10 steps of 64
  }

  @Test
  void sgdTenStepsOfTwoShardsEqualOneMachine() {
    compare(() -> new Sgd(0.05, 0.9), data, 64, 2);
  }

  @Test
  void adamTenStepsOfTwoShardsEqualOneMachine() {
    compare(() -> new Adam(0.003), data, 64, 2);
  }

  @Test
  void unevenShardsAndAShortLastBatchStayExact() {
    // 600 examples: 9 batches of 64 and one of 24; 3 shards of 21, 21 and 22 (last: 8 each).
    // SGD: shares like 21/64 round in float, which Adam's division by sqrt(v) amplifies on
    // gradients near zero to ~1e-4 relative after 10 steps (even shares are exact in float)
    compare(() -> new Sgd(0.05, 0.9), data.first(600), 64, 3);
  }

  @Test
  void treeReducedShardsStayExact() {
    compare(() -> new Adam(0.003), data, 64, 2, 0);
  }

  @Test
  void executorsKeepTheirNetworksBetweenSteps() {
    int before = ExecutorNetworks.created();
    compare(() -> new Sgd(0.05), data.first(256), 64, 2);
    // at most one network per task slot (local[2]: two), however many steps ran
    assertTrue(ExecutorNetworks.created() - before <= 2,
        "networks created: " + (ExecutorNetworks.created() - before));
  }

  private static void compare(Supplier<Optimizer> optimizer, Dataset train, int batch,
      int shards) {
    compare(optimizer, train, batch, shards, 4);
  }

  private static void compare(Supplier<Optimizer> optimizer, Dataset train, int batch,
      int shards, int collectUpTo) {
    Network single = MnistGapHeadNetwork.create(7);
    Trainer.builder().optimizer(optimizer.get()).batchSize(batch).epochs(1).seed(3)
        .consoleProgress(false).build().fit(single, train);

    JavaSparkContext spark = LocalSpark.get();
    Network parallel = MnistGapHeadNetwork.create(7);
    Map<String, INDArray> initial = MnistGapHeadNetwork.create(7).parameters();
    SparkTrainer trainer = SparkTrainer.builder().optimizer(optimizer.get()).batchSize(batch)
        .epochs(1).seed(3).partitions(shards).collectUpTo(collectUpTo).build();
    trainer.fit(spark, parallel, SparkData.of(spark, train, 2), null);

    assertEquals(train.batchCount(batch), trainer.optimizer().iteration());
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
}
