package io.annet.runtime.infer;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A compiled inference for one batch size: a whole {@link InferencePlan} or a {@link SplitPlan}. */
interface PlanRunner extends AutoCloseable {
  /** The probabilities of the checked batch {@code x}, in an array the runner owns. */
  INDArray run(INDArray x);

  /**
   * Declares that the network's parameters never change from now on (a {@link
   * io.annet.runtime.Predictor}'s copy): the steps that read only them (weight binds and reorders,
   * folds of running statistics) run on the next call and never again.
   */
  void fixWeights();

  /** Frees the native objects. */
  @Override
  void close();
}
