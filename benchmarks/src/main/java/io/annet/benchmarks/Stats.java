package io.annet.benchmarks;

import java.util.List;

/**
 * Summary of repeated timings of one call.
 *
 * @param count number of timed calls
 * @param medianNanos median duration
 * @param minNanos fastest call
 * @param maxNanos slowest call
 */
record Stats(int count, double medianNanos, long minNanos, long maxNanos) {

  /** Summarises {@code nanos}; throws when it is empty. */
  static Stats of(List<Long> nanos) {
    if (nanos.isEmpty()) {
      throw new IllegalArgumentException("no timings to summarise");
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    return new Stats(n, median, sorted[0], sorted[n - 1]);
  }

  /** Examples per second at the median: {@code batch / median}. */
  double imagesPerSecond(int batch) {
    return batch * 1e9 / medianNanos;
  }

  /** Median in milliseconds. */
  double medianMillis() {
    return medianNanos / 1e6;
  }

  @Override
  public String toString() {
    return String.format(
        "median %.3f ms [%.3f, %.3f] over %d",
        medianMillis(), minNanos / 1e6, maxNanos / 1e6, count);
  }
}
