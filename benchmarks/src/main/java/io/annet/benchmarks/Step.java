package io.annet.benchmarks;

/** One prepared workload in one framework: the call the harness times. */
interface Step extends AutoCloseable {
  /** Learning rate of every benchmarked SGD step (small, so that weights stay finite). */
  double LEARNING_RATE = 1e-3;

  /** One training step or one inference call, finished when it returns. */
  void run();

  @Override
  default void close() {}
}
