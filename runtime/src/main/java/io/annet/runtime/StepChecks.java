package io.annet.runtime;

import io.annet.runtime.layers.BatchNormLayer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What {@link Network} checks around a step once its inputs are accepted: the loss and the
 * probabilities must be finite (one reused reduction, nothing created), and a step that fails
 * after a batch-norm layer moved its running statistics puts them back, so that a failed call
 * changes no tensor. Not thread-safe, like the network.
 */
final class StepChecks {
  private final String model;
  private final DataType dtype;
  private final FiniteCheck finite = new FiniteCheck();
  private List<BatchNormLayer> batchNorms = List.of();

  StepChecks(String model, DataType dtype) {
    this.model = model;
    this.dtype = dtype;
  }

  /** The batch-norm layers whose running statistics a failed step puts back. */
  void track(List<BatchNormLayer> layers) {
    this.batchNorms = List.copyOf(layers);
  }

  /** Called before a training step: the statistics' earlier updates are final. */
  void begin() {
    for (int i = 0; i < batchNorms.size(); i++) {
      batchNorms.get(i).commitStatistics();
    }
  }

  /** Called when a training step failed: its statistics updates are undone. */
  void undo() {
    for (int i = 0; i < batchNorms.size(); i++) {
      batchNorms.get(i).undoStatistics();
    }
  }

  /** Returns {@code loss} when finite, else throws naming it. */
  double loss(double loss, INDArray input) {
    if (Double.isFinite(loss)) {
      return loss;
    }
    throw new NonFiniteValueException(String.format(
        "%s: the loss is %s although the input is finite (its largest magnitude is %.3g): the"
            + " inputs or the weights are too large for %s arithmetic; check the data's scale and"
            + " the learning rate", model, loss, input.amaxNumber().doubleValue(), dtype));
  }

  /** Returns {@code probabilities}, or names the first example whose row is not finite. */
  INDArray output(INDArray probabilities, INDArray input) {
    if (finite.isFinite("output", probabilities)) {
      return probabilities;
    }
    long[] bad = probabilities.isNaN().castTo(DataType.INT)
        .addi(probabilities.isInfinite().castTo(DataType.INT)).sum(1).toLongVector();
    int example = 0;
    while (example < bad.length - 1 && bad[example] == 0) {
      example++;
    }
    INDArray row = input.get(NDArrayIndex.point(example));
    throw new NonFiniteValueException(String.format(
        "%s: the probabilities of example %d of %d are NaN or infinite although its input is"
            + " finite (its largest magnitude is %.3g): the input or the weights are too large"
            + " for %s arithmetic; check the data's scale", model, example, bad.length,
        row.amaxNumber().doubleValue(), dtype));
  }
}
