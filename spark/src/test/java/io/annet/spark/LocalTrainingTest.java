package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Executors read IDX files themselves; a run resumed from a checkpoint ends where one does. */
class LocalTrainingTest {
  @TempDir Path dir;

  @Test
  void executorsReadTheIdxFilesAsTheSingleMachineReaderDoes() {
    JavaSparkContext spark = LocalSpark.get();
    Dataset expected = IdxReader.readMnist(ExactnessTest.MNIST, false);
    List<Example> found = SparkData.mnist(spark, ExactnessTest.MNIST.toString(), false, 3)
        .collect();
    assertEquals(expected.size(), found.size());
    float[] flat = expected.features().data().asFloat();
    int length = 28 * 28;
    for (Example e : found) {
      int i = (int) e.index();
      assertEquals(expected.label(i), e.label());
      float[] row = new float[length];
      System.arraycopy(flat, i * length, row, 0, length);
      assertArrayEquals(row, e.features(), "example " + i);
    }
  }

  @Test
  void executorsReadCifarBatchesAsTheSingleMachineReaderDoes() throws Exception {
    byte[] records = new byte[5 * 3073];
    new java.util.Random(3).nextBytes(records);
    for (int r = 0; r < 5; r++) {
      records[r * 3073] = (byte) (r * 2);
    }
    Path a = java.nio.file.Files.write(dir.resolve("a.bin"), records);
    Path b = java.nio.file.Files.write(dir.resolve("b.bin"),
        java.util.Arrays.copyOf(records, 2 * 3073));
    Dataset expected = io.annet.runtime.data.Cifar10Reader.read(a, b);
    List<Example> found = SparkData.cifar(LocalSpark.get(), 3, a.toString(), b.toString())
        .collect();
    assertEquals(7, found.size());
    float[] flat = expected.features().data().asFloat();
    for (Example e : found) {
      int i = (int) e.index();
      assertEquals(expected.label(i), e.label());
      assertArrayEquals(java.util.Arrays.copyOfRange(flat, i * 3072, (i + 1) * 3072),
          e.features(), "example " + i);
    }
  }

  @Test
  void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
    JavaSparkContext spark = LocalSpark.get();
    Dataset data = IdxReader.readMnist(ExactnessTest.MNIST, true).first(200);
    var train = SparkData.of(spark, data, 2);

    Network whole = MnistGapHeadNetwork.create(5);
    SparkTrainer.builder().optimizer(new Adam(0.003)).batchSize(64).epochs(2).seed(9)
        .build().fit(spark, whole, train, null);

    Path checkpoint = dir.resolve("run.ckpt");
    Network first = MnistGapHeadNetwork.create(5);
    SparkTrainer.builder().optimizer(new Adam(0.003)).batchSize(64).epochs(1).seed(9)
        .checkpoint(checkpoint).build().fit(spark, first, train, null);
    Network resumed = MnistGapHeadNetwork.create(77); // other weights: the checkpoint wins
    SparkTrainer second = SparkTrainer.builder().optimizer(new Adam(0.003)).batchSize(64)
        .epochs(2).seed(9).checkpoint(checkpoint).build();
    assertEquals(4, second.resume(resumed, checkpoint)); // 200 / 64: 4 steps per epoch
    second.fit(spark, resumed, train, null);

    assertEquals(8, second.optimizer().iteration());
    for (Map.Entry<String, INDArray> e : whole.parameters().entrySet()) {
      assertArrayEquals(e.getValue().data().asFloat(),
          resumed.parameters().get(e.getKey()).data().asFloat(), e.getKey());
    }
  }
}
