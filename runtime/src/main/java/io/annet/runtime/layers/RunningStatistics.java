package io.annet.runtime.layers;

import io.annet.runtime.Initializer;
import io.annet.runtime.NonFiniteValueException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running mean and variance {@code [C]} of a {@link BatchNormLayer}: their momentum update
 * from a batch's statistics, the check that the update stays finite, and the undo of the last
 * update when the network's step fails after the layer.
 *
 * <p>{@code running = momentum running + (1 - momentum) batch}, the batch variance bias-corrected
 * by {@code m / (m - 1)} for m values per channel (as PyTorch does). Every native call reuses its
 * op context, so an update creates nothing. Not thread-safe, like the kernels.
 */
final class RunningStatistics {
  private final String layer;
  private final int channels;
  private final double momentum;
  private final DataType dtype;
  private final INDArray mean;
  private final INDArray variance;
  // running = momentum running + (1 - momentum) batch; axpy: out = in0 + a in1
  private final INDArray momentumScalar;
  private final NativeCall decay = new NativeCall("multiply");
  private final NativeCall addMean;
  private final NativeCall addVar = new NativeCall("axpy");
  // the running statistics before the last update, for undo; copies are x * 1
  private final INDArray one;
  private final INDArray previousMean;
  private final INDArray previousVar;
  private final NativeCall keepMean = new NativeCall("multiply");
  private final NativeCall keepVar = new NativeCall("multiply");
  private final NativeCall undoMean = new NativeCall("multiply");
  private final NativeCall undoVar = new NativeCall("multiply");
  private boolean undoable;

  /** Running mean 0 and running variance 1 for {@code channels} channels of layer {@code layer}. */
  RunningStatistics(String layer, int channels, double momentum, DataType dtype) {
    this.layer = layer;
    this.channels = channels;
    this.momentum = momentum;
    this.dtype = dtype;
    this.mean = Initializer.zeros(dtype, channels);
    this.variance = Initializer.ones(dtype, channels);
    this.momentumScalar = Nd4j.scalar(dtype, momentum);
    this.addMean = new NativeCall("axpy").doubles(1 - momentum);
    this.one = Nd4j.scalar(dtype, 1.0);
    this.previousMean = Nd4j.zeros(dtype, channels);
    this.previousVar = Nd4j.zeros(dtype, channels);
  }

  /** The live running mean {@code [C]}. */
  INDArray mean() {
    return mean;
  }

  /** The live running variance {@code [C]}. */
  INDArray variance() {
    return variance;
  }

  /**
   * Throws {@link NonFiniteValueException}, before anything is normalised or averaged, when a
   * batch statistic or the running statistic it would give is NaN or beyond the data type's
   * range: finite inputs of 1e30 make the float variance infinite, which would otherwise reach the
   * running variance silently. Reads {@code 2 C} numbers; creates nothing.
   *
   * @param batchMean the batch's mean {@code [C]}
   * @param batchVar the batch's biased variance {@code [C]}
   * @param count the values per channel the batch statistics were taken over
   * @param input the layer's input, whose magnitude the message names
   */
  void check(INDArray batchMean, INDArray batchVar, long count, INDArray input) {
    double unbiased = count > 1 ? (double) count / (count - 1) : 1.0;
    double max = dtype == DataType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
    for (int c = 0; c < channels; c++) {
      double mean = batchMean.getDouble(c);
      double var = batchVar.getDouble(c);
      double nextMean = momentum * this.mean.getDouble(c) + (1 - momentum) * mean;
      double nextVar = momentum * variance.getDouble(c) + (1 - momentum) * unbiased * var;
      boolean meanBad = !(Math.abs(mean) <= max) || !(Math.abs(nextMean) <= max);
      if (meanBad || !(var <= max) || !(nextVar <= max)) {
        throw new NonFiniteValueException(String.format(
            "%s: the batch %s of channel %d is %s in %s arithmetic (the layer's input reaches"
                + " %.3g in magnitude: check the data's scale and the learning rate); the running"
                + " statistics are unchanged",
            layer, meanBad ? "mean" : "variance", c,
            meanBad ? describe(mean, nextMean, max) : describe(var, nextVar, max), dtype,
            input.amaxNumber().doubleValue()));
      }
    }
  }

  private static String describe(double batch, double next, double max) {
    return Double.isNaN(batch) ? "NaN"
        : Math.abs(batch) > max ? "infinite"
        : "too large for its running average (" + batch + " gives " + next + ")";
  }

  /**
   * Moves the running statistics towards the batch's, keeping the previous ones for {@link
   * #undo}.
   *
   * @param count the values per channel the batch statistics were taken over
   */
  void update(INDArray batchMean, INDArray batchVar, long count) {
    keepMean.exec(mean, one, previousMean);
    keepVar.exec(variance, one, previousVar);
    undoable = true;
    decay.exec(mean, momentumScalar, mean);
    addMean.exec(mean, batchMean, mean);
    double unbiased = count > 1 ? (double) count / (count - 1) : 1.0;
    decay.exec(variance, momentumScalar, variance);
    addVar.doubles((1 - momentum) * unbiased).exec(variance, batchVar, variance);
  }

  /** Makes the last update final: {@link #undo} keeps it. */
  void commit() {
    undoable = false;
  }

  /** Puts back the running statistics from before the last update since {@link #commit}, if any. */
  void undo() {
    if (undoable) {
      undoMean.exec(previousMean, one, mean);
      undoVar.exec(previousVar, one, variance);
      undoable = false;
    }
  }
}
