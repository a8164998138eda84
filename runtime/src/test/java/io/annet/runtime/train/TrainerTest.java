package io.annet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import io.annet.runtime.Architecture;
import io.annet.runtime.Trainable;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
  static final int[] SHAPE = {1, 2, 2};

  @TempDir Path dir;

  /** Three Gaussian blobs in 4 dimensions: class c is centred on 2 * e_c. */
  static Dataset blobs(int n, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int f = 0; f < 4; f++) {
        x[i * 4 + f] = (float) ((f == y[i] ? 2 : 0) + 0.4 * random.nextGaussian());
      }
    }
    return new Dataset(Nd4j.create(x, new long[] {n, 1, 2, 2}, 'c'), y, 3);
  }

  private static SoftmaxRegression net(DataType dtype) {
    return new SoftmaxRegression(SHAPE, 3, dtype, 11);
  }

  @Test
  void learnsASeparableProblem() {
    SoftmaxRegression net = net(DataType.FLOAT);
    Dataset test = blobs(90, 2);
    double before = Evaluator.evaluate(net, test, 32).loss();
    TrainingHistory h = Trainer.builder().optimizer(new Adam(0.05)).batchSize(16).epochs(5)
        .seed(1).build().fit(net, blobs(300, 1), test);
    assertEquals(5, h.epochs().size());
    assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), h.toString());
    assertTrue(h.last().testLoss() < before / 3, h.toString());
    assertTrue(h.last().testAccuracy() >= 0.95, h.toString());
    assertEquals(90, h.last().confusion().total());
    assertTrue(h.last().imagesPerSecond() > 0 && h.last().seconds() > 0);
  }

  private static INDArray trainedWeights(long seed) {
    SoftmaxRegression net = net(DataType.DOUBLE);
    Trainer.builder().optimizer(new Sgd(0.1, 0.9, true, 1e-4)).batchSize(7).epochs(3).seed(seed)
        .build().fit(net, blobs(100, 3), null);
    return net.weight.dup();
  }

  @Test
  void sameSeedGivesIdenticalWeights() {
    INDArray a = trainedWeights(5);
    assertEquals(a, trainedWeights(5));
    assertNotEquals(a, trainedWeights(6));
  }

  /**
   * Wraps the regression and poisons the gradients of one call (or, with {@code weights}, the
   * weights that call computes with), recording weights per call.
   */
  private static final class Poisoned implements Trainable {
    final SoftmaxRegression inner = net(DataType.DOUBLE);
    final List<INDArray> weightsAtCall = new ArrayList<>();
    final int poisonCall;
    final boolean weights;

    Poisoned(int poisonCall) {
      this(poisonCall, false);
    }

    Poisoned(int poisonCall, boolean weights) {
      this.poisonCall = poisonCall;
      this.weights = weights;
    }

    @Override
    public Architecture architecture() {
      return inner.architecture();
    }

    @Override
    public INDArray predict(INDArray x) {
      return inner.predict(x);
    }

    @Override
    public double computeGradients(INDArray x, INDArray labels) {
      weightsAtCall.add(inner.weight.dup());
      if (weights && weightsAtCall.size() == poisonCall) {
        inner.weight.putScalar(0, 0, Double.NaN);
      }
      double loss = inner.computeGradients(x, labels);
      if (!weights && weightsAtCall.size() == poisonCall) {
        inner.gradients().get("fc.weight").putScalar(0, 0, Double.NaN);
      }
      return loss;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return inner.parameters();
    }

    @Override
    public Map<String, INDArray> gradients() {
      return inner.gradients();
    }
  }

  @Test
  void aNonFiniteGradientIsRefusedBeforeItReachesTheWeights() {
    Poisoned net = new Poisoned(3);
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.1)).batchSize(10).epochs(2).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> trainer.fit(net, blobs(100, 4), null));
    assertTrue(e.getMessage().startsWith("Training diverged at epoch 1, batch 3/10: sgd: the"
        + " gradient of 'fc.weight' holds 1 NaN or infinite value(s) of 12; no parameter was"
        + " updated"), e.getMessage());
    assertEquals(2, e.batch());
    assertEquals(3, net.weightsAtCall.size());
    assertEquals(net.weightsAtCall.get(2), net.inner.weight, "the refused update changed nothing");
    assertTrue(!net.inner.weight.isNaN().any());
  }

  @Test
  void divergenceStopsWithAMessageAndRestoresTheLastGoodWeights() {
    Poisoned net = new Poisoned(4, true); // an optimizer or a caller that wrote NaN weights
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.1)).batchSize(10).epochs(2).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> trainer.fit(net, blobs(100, 4), null));
    assertTrue(e.getMessage().contains("Training diverged at epoch 1, batch 4/10"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the loss is NaN"), e.getMessage());
    assertTrue(e.getMessage().contains("Restored the weights"), e.getMessage());
    assertEquals(3, e.batch());
    assertEquals(4, net.weightsAtCall.size());
    assertEquals(net.weightsAtCall.get(2), net.inner.weight,
        "the weights are the ones that gave the last finite loss");
  }

  @Test
  void listenersSeeEveryEpochAndBatch() {
    List<String> events = new ArrayList<>();
    List<EpochResult> ends = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochStart(int epoch, int epochs) {
        events.add("start " + epoch + "/" + epochs);
      }

      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double ips) {
        assertTrue(Double.isFinite(loss) && ips > 0);
        events.add(epoch + ":" + batch + "/" + batches);
      }

      @Override
      public void onEpochEnd(EpochResult result) {
        ends.add(result);
      }
    };
    TrainingHistory h = Trainer.builder().optimizer(new Sgd(0.1)).batchSize(40).epochs(2)
        .listener(listener).build().fit(net(DataType.FLOAT), blobs(100, 5), blobs(30, 6));
    assertEquals(List.of("start 0/2", "0:0/3", "0:1/3", "0:2/3", "start 1/2", "1:0/3", "1:1/3",
        "1:2/3"), events);
    assertEquals(h.epochs(), ends);
  }

  @Test
  void scheduleSetsTheRateOfEachStep() {
    Sgd sgd = new Sgd(1.0);
    TrainingHistory h = Trainer.builder().optimizer(sgd).batchSize(50).epochs(3)
        .schedule(LearningRateSchedule.stepEveryEpochs(0.2, 0.5, 1)).build()
        .fit(net(DataType.FLOAT), blobs(100, 7), null);
    assertArrayEquals(new double[] {0.2, 0.1, 0.05},
        h.epochs().stream().mapToDouble(EpochResult::learningRate).toArray(), 1e-12);
    assertEquals(0.05, sgd.learningRate(), 1e-12);
    assertEquals(6, sgd.iteration());
    assertTrue(Double.isNaN(h.last().testAccuracy()));
  }

  @Test
  void savesACheckpointWithOptimizerStateEachEpoch() throws IOException {
    Path file = dir.resolve("toy.annet");
    SoftmaxRegression net = net(DataType.FLOAT);
    Trainer.builder().optimizer(new Adam(0.01)).batchSize(25).epochs(2).checkpoint(file).build()
        .fit(net, blobs(100, 8), null);
    Checkpoint c = Checkpoints.load(file, net.architecture());
    assertEquals(net.weight, c.parameters().get("fc.weight"));
    assertEquals(8L, c.optimizerState().get("adam.iteration").getLong(0));
    assertTrue(c.optimizerState().containsKey("adam.v.fc.bias"));
  }

  /** A trainer of 2 epochs of 4 batches with a cosine schedule, as the command line builds. */
  private static Trainer resumable(Path checkpoint, TrainingListener listener) {
    Trainer.Builder b = Trainer.builder().optimizer(new Adam(0.05)).batchSize(25).epochs(2)
        .seed(5).schedule(new io.annet.runtime.optim.CosineSchedule(0.05, 0.0025, 9, 1))
        .checkpoint(checkpoint).consoleProgress(false);
    if (listener != null) {
      b.listener(listener);
    }
    return b.build();
  }

  @Test
  void resumeFinishesAnInterruptedRunWithTheSameWeights() throws IOException {
    Dataset train = blobs(100, 12);
    SoftmaxRegression straight = net(DataType.FLOAT);
    resumable(dir.resolve("straight.annet"), null).fit(straight, train, null);

    // Stopped after step 1 of epoch 2 (mid-epoch), and after the last step of epoch 1.
    for (int stopAfter : new int[] {5, 4}) {
      Path file = dir.resolve("stopped" + stopAfter + ".annet");
      int[] steps = {0};
      TrainingListener stopper = new TrainingListener() {
        @Override
        public void onBatchEnd(int epoch, int batch, int batches, double loss, double perSecond) {
          if (++steps[0] == stopAfter) {
            Thread.currentThread().interrupt();
          }
        }
      };
      TrainingInterruptedException stopped = assertThrows(TrainingInterruptedException.class,
          () -> resumable(file, stopper).fit(net(DataType.FLOAT), train, null));
      assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
      assertEquals((stopAfter - 1) / 4, stopped.epoch());

      SoftmaxRegression resumed = new SoftmaxRegression(SHAPE, 3, DataType.FLOAT, 99);
      Trainer trainer = resumable(file, null);
      assertEquals(stopAfter, trainer.resume(resumed, file));
      TrainingHistory rest = trainer.fit(resumed, train, null);
      assertEquals(1, rest.epochs().size(), "only epoch 2 is left");
      assertEquals(1, rest.last().epoch());
      assertEquals(straight.weight, resumed.weight, "stopped after step " + stopAfter);
      assertEquals(straight.bias, resumed.bias);
    }
  }

  @Test
  void resumingAFinishedRunTrainsAllOfTheNextFitsEpochs() throws IOException {
    Path file = dir.resolve("done.annet");
    Dataset train = blobs(100, 12);
    resumable(file, null).fit(net(DataType.FLOAT), train, null);
    Trainer trainer = resumable(null, null);
    SoftmaxRegression net = net(DataType.FLOAT);
    assertEquals(8, trainer.resume(net, file));
    TrainingHistory more = trainer.fit(net, train, null);
    assertEquals(2, more.epochs().size());
    assertEquals(16, trainer.optimizer().iteration());
  }

  @Test
  void resumeRejectsTensorsThatDoNotFitTheNetwork() throws IOException {
    SoftmaxRegression net = net(DataType.FLOAT);
    Path file = dir.resolve("odd.annet");
    Checkpoints.save(file, net.architecture(),
        Map.of("fc.weight", Nd4j.zeros(DataType.FLOAT, 3, 5), "fc.bias", net.bias), Map.of());
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.1)).build();
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> trainer.resume(net, file));
    assertTrue(e.getMessage().contains("'fc.weight' has shape [3, 5]")
        && e.getMessage().contains("expects [3, 4]"), e.getMessage());
    Checkpoints.save(file, net.architecture(), Map.of("fc.weight", net.weight), Map.of());
    e = assertThrows(CheckpointException.class, () -> trainer.resume(net, file));
    assertTrue(e.getMessage().contains("holds tensors [fc.weight]"), e.getMessage());
  }

  @Test
  void evaluatorOnAnUntrainedNetwork() {
    SoftmaxRegression net = net(DataType.DOUBLE);
    net.weight.assign(0);
    Evaluation e = Evaluator.evaluate(net, blobs(30, 9), 8);
    assertEquals(Math.log(3), e.loss(), 1e-9);
    assertEquals(1.0 / 3, e.accuracy(), 1e-12, "ties go to class 0, a third of the data");
    assertEquals(10, e.confusion().count(1, 0));
  }

  @Test
  void incompatibleDataIsRejected() {
    Dataset wrong = new Dataset(Nd4j.zeros(DataType.FLOAT, 4, 1, 3, 3), new int[4], 3);
    AnnetException e = assertThrows(AnnetException.class, () -> Trainer.builder()
        .optimizer(new Sgd(0.1)).build().fit(net(DataType.FLOAT), wrong, null));
    assertTrue(e.getMessage().contains("[1, 2, 2]") && e.getMessage().contains("[1, 3, 3]"),
        e.getMessage());
  }
}
