package io.annet.runtime.infer;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A compiled inference for one batch size: a whole {@link InferencePlan} or a {@link SplitPlan}. */
interface PlanRunner extends AutoCloseable {
  /** The probabilities of the checked batch {@code x}, in an array the runner owns. */
  INDArray run(INDArray x);

  /** Frees the native objects. */
  @Override
  void close();
}
