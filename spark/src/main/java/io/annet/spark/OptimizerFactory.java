package io.annet.spark;

import io.annet.runtime.optim.Optimizer;
import java.io.Serializable;

/**
 * Creates the optimizer each executor runs locally in parameter averaging, e.g. {@code () -> new
 * Adam(1e-3)}: serializable, so that it travels with the tasks.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
  /** A fresh optimizer (its state is loaded from the driver's each round). */
  Optimizer create();
}
