package io.annet.runtime.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.NonFiniteValueException;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.SaveOption;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.optim.Optimizer;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Values a step computes from finite inputs that come out NaN or infinite (issue 11, items 2 and
 * 3) are named and stopped before they reach the running statistics or the weights, and a
 * diverged run never writes, or replaces, a checkpoint.
 */
class NonFiniteStepTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void batchStatisticsThatOverflowNeverReachTheRunningStatistics(DataType dtype) {
    BatchNormLayer bn = new BatchNormLayer("stemBn", new int[] {2, 2, 2}, 0.9, 1e-5, dtype);
    double huge = dtype == DataType.FLOAT ? 1e30 : 1e200; // finite; its square is not
    INDArray x = Nd4j.rand(dtype, 4, 2, 2, 2).subi(0.5).muli(huge);
    bn.forward(Nd4j.rand(dtype, 4, 2, 2, 2), true); // running statistics of an ordinary batch
    INDArray mean = bn.runningMean().dup();
    INDArray var = bn.runningVariance().dup();
    NonFiniteValueException e =
        assertThrows(NonFiniteValueException.class, () -> bn.forward(x, true));
    // libnd4j's moments give an infinite float variance and a NaN double one (inf - inf)
    assertTrue(e.getMessage().matches("stemBn: the batch variance of channel 0 is (infinite|NaN)"
        + " in " + dtype + " arithmetic \\(the layer's input reaches .*"), e.getMessage());
    assertTrue(e.getMessage().endsWith("the running statistics are unchanged"), e.getMessage());
    assertEquals(mean, bn.runningMean());
    assertEquals(var, bn.runningVariance());
    bn.forward(x.div(huge), true); // and the layer still works
  }

  @Test
  void anOptimizerRefusesNonFiniteGradientsAndNamesAnUpdateThatOverflows() {
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("a", Nd4j.ones(DataType.FLOAT, 3));
    params.put("w", Nd4j.ones(DataType.FLOAT, 3));
    Map<String, INDArray> grads = new LinkedHashMap<>();
    grads.put("a", Nd4j.ones(DataType.FLOAT, 3));
    grads.put("w", Nd4j.createFromArray(1f, Float.NaN, Float.POSITIVE_INFINITY));
    Sgd sgd = new Sgd(0.1);
    NonFiniteValueException e =
        assertThrows(NonFiniteValueException.class, () -> sgd.step(params, grads));
    assertTrue(e.getMessage().startsWith("sgd: the gradient of 'w' holds 2 NaN or infinite"
        + " value(s) of 3; no parameter was updated"), e.getMessage());
    assertEquals(Nd4j.ones(DataType.FLOAT, 3), params.get("a"), "nothing was updated");
    assertEquals(0, sgd.iteration());
    grads.get("w").assign(1e10);
    Sgd hot = new Sgd(1e30); // 1e30 * 1e10 overflows FLOAT
    e = assertThrows(NonFiniteValueException.class, () -> hot.step(params, grads));
    assertTrue(e.getMessage().startsWith("sgd: update 1 made 'w' NaN or infinite (3 value(s) of"
        + " 3) at learning rate 1.00e+30, too high for FLOAT"), e.getMessage());
  }

  @Test
  void overflowingWeightsAreNamedByPredictAndComputeGradients() {
    RobustNet net = new RobustNet(DataType.FLOAT, 1);
    net.parameters().get("dense.weight").assign(Nd4j.rand(DataType.FLOAT, 32, 3).muli(3e38f));
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 1, 4, 4);
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> net.predict(x));
    assertTrue(e.getMessage().startsWith("Robust: the probabilities of example 0 of 5 are NaN or"
        + " infinite although its input is finite"), e.getMessage());
    assertThrows(NonFiniteValueException.class,
        () -> net.predict(x, Nd4j.create(DataType.FLOAT, 5, 3)));
    Map<String, INDArray> before = net.snapshot();
    e = assertThrows(NonFiniteValueException.class,
        () -> net.computeGradients(x, new int[] {0, 1, 2, 0, 1}));
    assertTrue(e.getMessage().startsWith("Robust: the loss is NaN although the input is finite"),
        e.getMessage());
    // batch norm had moved its running statistics before the loss failed: they are put back
    before.forEach((name, value) -> assertEquals(value, net.parameters().get(name), name));
  }

  private static Dataset data(int n) {
    Nd4j.getRandom().setSeed(n);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
    }
    return new Dataset(Nd4j.rand(DataType.FLOAT, n, 1, 4, 4), labels, 3);
  }

  /** A good epoch's checkpoint, then a diverging run to the same file. */
  private void divergingRunKeepsTheGoodCheckpoint(Optimizer diverging, String cause)
      throws IOException {
    RobustNet net = new RobustNet(DataType.FLOAT, 3);
    Path file = dir.resolve("net.ckpt");
    Trainer.builder().optimizer(new Sgd(0.01)).batchSize(8).epochs(1).checkpoint(file).build()
        .fit(net, data(32), data(16));
    byte[] good = Files.readAllBytes(file);
    Map<String, INDArray> before = net.snapshot();
    Trainer trainer = Trainer.builder().optimizer(diverging).batchSize(8).epochs(2)
        .checkpoint(file).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> trainer.fit(net, data(32), data(16)));
    assertTrue(e.getMessage().contains(cause), e.getMessage());
    assertTrue(e.getMessage().contains("This run wrote no checkpoint (" + file + " is left as it was)"), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(file), "the good checkpoint was replaced");
    assertEquals(1, Files.list(dir).count());
    net.parameters().forEach((name, value) -> assertFalse(
        value.isNaN().any() || value.isInfinite().any(), name + " was left non-finite"));
    RobustNet.load(file); // loads
    assertTrue(before.keySet().containsAll(net.parameters().keySet()));
  }

  @Test
  void anUpdateThatOverflowsStopsTrainingAndKeepsTheCheckpoint() throws IOException {
    divergingRunKeepsTheGoodCheckpoint(new Sgd(1e300), // as a float, the rate is infinite
        "Training diverged at epoch 1, batch 1/4: sgd: update 1 made 'conv.weight' NaN");
  }

  @Test
  void nonFiniteWeightsAfterAnEpochsLastUpdateAreNeverSaved() throws IOException {
    // an optimizer that does not check: it poisons a weight at its last step of the epoch
    divergingRunKeepsTheGoodCheckpoint(new Unchecked(4, w -> w.putScalar(0, 0, Float.NaN)),
        "batch 4/4: after the epoch's last update, tensor 'dense.weight' holds 1 NaN");
  }

  @Test
  void finiteWeightsThatPredictNaNAreNeverSaved() throws IOException {
    divergingRunKeepsTheGoodCheckpoint(new Unchecked(4, w -> w.assign(3e38f)),
        "batch 4/4: on the test set, Robust: the probabilities of example 0 of 8 are NaN");
  }

  @Test
  void aNetworkRefusesToLoadNonFiniteWeights() throws IOException {
    RobustNet net = new RobustNet(DataType.FLOAT, 3);
    net.parameters().get("bn.var").putScalar(1, Float.POSITIVE_INFINITY);
    Path file = dir.resolve("inf.ckpt");
    assertThrows(CheckpointException.class, () -> net.save(file, Map.of()));
    net.save(file, Map.of(), SaveOption.ALLOW_NON_FINITE);
    CheckpointException e = assertThrows(CheckpointException.class, () -> RobustNet.load(file));
    assertTrue(e.getMessage().contains("tensor 'bn.var' holds 1 NaN or infinite value(s) of 2"),
        e.getMessage());
  }

  /** SGD without the optimizers' checks, doing {@code poison} to dense.weight at step {@code n}. */
  private static final class Unchecked implements Optimizer {
    private final int poisonStep;
    private final Consumer<INDArray> poison;
    private int iteration;
    private double rate = 0.01;

    Unchecked(int poisonStep, Consumer<INDArray> poison) {
      this.poisonStep = poisonStep;
      this.poison = poison;
    }

    @Override
    public void step(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
      iteration++;
      gradients.forEach((name, g) -> parameters.get(name).subi(g.mul(rate)));
      if (iteration == poisonStep) {
        poison.accept(parameters.get("dense.weight"));
      }
    }

    @Override
    public int iteration() {
      return iteration;
    }

    @Override
    public double learningRate() {
      return rate;
    }

    @Override
    public void setLearningRate(double learningRate) {
      rate = learningRate;
    }

    @Override
    public String prefix() {
      return "unchecked";
    }

    @Override
    public Map<String, INDArray> state() {
      return Map.of();
    }

    @Override
    public void loadState(Map<String, INDArray> state) {}
  }
}
