package io.annet.runtime.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates a network's parameters in place from their gradients, keeping its own state (momentum,
 * moment estimates) in buffers allocated once, on the first step.
 *
 * <p>State export uses stable names {@code <prefix>.<slot>.<parameter>}, e.g. {@code
 * adam.m.conv1.weight}, plus the scalar header {@code <prefix>.iteration} (an INT64 scalar), so a
 * checkpoint can carry it and a resumed run continues with the same next step.
 */
public interface Optimizer {

  /**
   * Applies one update: every parameter named in {@code gradients} is changed in place. Parameters
   * without a gradient (running statistics) are left alone.
   */
  void step(Map<String, INDArray> parameters, Map<String, INDArray> gradients);

  /** Number of steps taken so far (restored by {@link #loadState}). */
  int iteration();

  /** The learning rate the next step uses. */
  double learningRate();

  /** Sets the learning rate for the next steps (schedules call this before every step). */
  void setLearningRate(double learningRate);

  /** The short name that prefixes every state key, e.g. {@code "adam"}. */
  String prefix();

  /** A copy of the optimizer state, keyed by stable names; empty buffers are not listed. */
  Map<String, INDArray> state();

  /**
   * Replaces the state with {@code state} as produced by {@link #state()} of an optimizer of the
   * same kind; throws {@link io.annet.runtime.AnnetException} naming the offending key otherwise.
   */
  void loadState(Map<String, INDArray> state);
}
