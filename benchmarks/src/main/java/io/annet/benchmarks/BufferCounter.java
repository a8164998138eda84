package io.annet.benchmarks;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts the ND4J data buffers a call creates, the measure behind issue 7's "steady-state
 * training allocates no new INDArrays per step".
 *
 * <p>ND4J 1.0.0-M2.1 (CPU) draws an id from {@code Nd4j.getDeallocatorService().nextValue()} in
 * every {@code BaseCpuDataBuffer} constructor (owning buffers and views alike) and for every new
 * {@code CpuOpContext}; reading the counter before and after a call therefore counts the native
 * state the call created (arrays, views, op contexts), whether or not it is freed again. The
 * figure is a count of objects, not of arrays: a fresh array may count twice (its buffer and the
 * op that zeroes it). Zero means the call allocated nothing.
 */
final class BufferCounter {
  private BufferCounter() {}

  /** Mean buffers created per call over {@code calls} calls of {@code step}. */
  static double perCall(Runnable step, int calls) {
    if (calls < 1) {
      throw new IllegalArgumentException("calls must be at least 1, found " + calls);
    }
    long before = Nd4j.getDeallocatorService().nextValue();
    for (int i = 0; i < calls; i++) {
      step.run();
    }
    long after = Nd4j.getDeallocatorService().nextValue();
    return (after - before - 1) / (double) calls; // minus the id the second read drew
  }
}
