package io.annet.runtime.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import io.annet.runtime.LabelException;
import io.annet.runtime.NonFiniteInputException;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Evaluator;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime edges of issue 11, item 11: soft labels that are not distributions, checkpoint
 * paths that name a directory or a root, and NaN training data named by its place in the data set
 * rather than in a shuffled batch.
 */
class EdgeCasesTest {
  @TempDir Path dir;

  private static <E extends AnnetException> E rejects(RobustNet net, Class<E> type,
      Executable call, String... fragments) {
    Map<String, INDArray> before = net.snapshot();
    E e = assertThrows(type, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "'" + f + "' missing in: " + e.getMessage());
    }
    assertEquals(before, net.snapshot(), "the network was not touched");
    return e;
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void softLabelRowsMustBeProbabilityDistributions(DataType dtype) {
    RobustNet net = new RobustNet(dtype, 1);
    INDArray x = Nd4j.rand(dtype, 2, 1, 4, 4);
    double[][][] bad = {
      {{1, 0, 0}, {2, -1, 0}}, // sums to 1: the report's case
      {{1, 0, 0}, {1.5, -0.25, -0.25}},
      {{-0.0001, 0.5, 0.5001}, {0, 1, 0}}, // slightly negative
      {{1, 0, 0}, {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1}},
      {{1, 0, 0}, {Double.NaN, 1, 0}},
      {{0.6, 0.6, 0}, {0, 1, 0}}, // entries in [0, 1] but summing to 1.2
    };
    for (double[][] rows : bad) {
      INDArray labels = Nd4j.createFromArray(rows).castTo(dtype);
      rejects(net, LabelException.class, () -> net.computeGradients(x, labels), "row");
    }
    rejects(net, LabelException.class, () -> net.computeGradients(x,
        Nd4j.createFromArray(new double[][] {{1, 0, 0}, {2, -1, 0}}).castTo(dtype)),
        "entries in [0, 1]", "2.0 in row 1, column 0", "[2.0, -1.0, 0.0]");
    // soft labels that are distributions, and one-hot rows, are accepted
    INDArray soft = Nd4j.createFromArray(new double[][] {{0.2, 0.3, 0.5}, {0, 0, 1}})
        .castTo(dtype);
    assertTrue(Double.isFinite(net.computeGradients(x, soft)));
  }

  @Test
  void checkpointPathsThatAreNotFilesFailNamingThePath() throws Exception {
    RobustNet net = new RobustNet(DataType.FLOAT, 2);
    CheckpointException e = assertThrows(CheckpointException.class, () -> RobustNet.load(dir));
    assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("directory"),
        e.getMessage());
    for (Path target : new Path[] {Path.of("/"), dir, Path.of("")}) {
      e = assertThrows(CheckpointException.class, () -> net.save(target));
      assertTrue(e.getMessage().startsWith("checkpoint " + target + ": ")
          && e.getMessage().contains("not a file name"), e.getMessage());
    }
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    e = assertThrows(CheckpointException.class, () -> net.save(file.resolve("net.ckpt")));
    assertTrue(e.getMessage().contains("cannot create its directory " + file), e.getMessage());
    e = assertThrows(CheckpointException.class, () -> RobustNet.load(dir.resolve("absent.ckpt")));
    assertTrue(e.getMessage().contains(dir.resolve("absent.ckpt").toString())
        && e.getMessage().contains("no such file"), e.getMessage());
    e = assertThrows(CheckpointException.class, () -> net.save(null));
    assertTrue(e.getMessage().contains("no path given"), e.getMessage());
    // a trainer refuses such a path before its first epoch
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.1, 0)).checkpoint(dir).build();
    e = rejects(net, CheckpointException.class, () -> trainer.fit(net, data(8, -1)),
        "checkpoint " + dir + ": is a directory");
    // the ordinary case still works
    net.save(dir.resolve("sub/net.ckpt"));
    assertEquals(net.snapshot(), RobustNet.load(dir.resolve("sub/net.ckpt")).snapshot());
  }

  private static Dataset data(int n, int nanAt) {
    INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 4, 4);
    if (nanAt >= 0) {
      x.putScalar(new long[] {nanAt, 0, 1, 2}, Float.NaN);
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
    }
    return new Dataset(x, labels, 3);
  }

  @Test
  void nanTrainingDataIsNamedByItsIndexInTheDataSet() {
    RobustNet net = new RobustNet(DataType.FLOAT, 3);
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.01, 0)).batchSize(8).seed(5).build();
    Dataset train = data(50, 37);
    assertEquals(37, train.firstNonFinite());
    NonFiniteInputException e = rejects(net, NonFiniteInputException.class,
        () -> trainer.fit(net, train), "example 37 of the training set");
    assertEquals(37, e.example());
    e = rejects(net, NonFiniteInputException.class,
        () -> Evaluator.evaluate(net, data(20, 13), 8), "example 13 of the evaluation set");
    assertEquals(-1, data(20, -1).firstNonFinite());
  }

  @Test
  void nanThatAppearsDuringTrainingIsNamedByItsIndexThroughTheShuffle() {
    RobustNet net = new RobustNet(DataType.FLOAT, 4);
    Dataset train = data(50, -1);
    TrainingListener poison = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double perSecond) {
        train.features().putScalar(new long[] {41, 0, 0, 0}, Float.NaN); // the data changed
      }
    };
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.01, 0)).batchSize(8).seed(5)
        .listener(poison).build();
    int[] order = train.shuffledOrder(5 * 0x9E3779B97F4A7C15L); // the trainer's first epoch
    int position = 0;
    while (order[position] != 41) {
      position++;
    }
    assertTrue(position >= 8, "example 41 comes after the first batch in this shuffle");
    NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
        () -> trainer.fit(net, train));
    assertEquals(41, e.example(), e.getMessage());
    assertTrue(e.getMessage().contains("example 41 of the training set")
        && e.getMessage().contains("epoch 1, batch " + (position / 8 + 1) + "/7")
        && e.getMessage().contains("position " + position % 8 + " of the batch"), e.getMessage());
  }
}
