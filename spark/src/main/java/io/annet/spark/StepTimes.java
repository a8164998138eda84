package io.annet.spark;

/**
 * Where the steps' time went, summed over the steps of a {@link SparkTrainer}: reading the
 * weights into a flat buffer and broadcasting them, the Spark job (executors' compute plus
 * serialising, shipping and summing the gradients), the slowest shard's compute alone, and the
 * driver's optimizer step.
 */
public final class StepTimes {
  private long steps;
  private long broadcastNanos;
  private long jobNanos;
  private long computeNanos;
  private long updateNanos;

  synchronized void add(long broadcast, long job, long compute, long update) {
    steps++;
    broadcastNanos += broadcast;
    jobNanos += job;
    computeNanos += compute;
    updateNanos += update;
  }

  /** Steps measured. */
  public synchronized long steps() {
    return steps;
  }

  /** Mean milliseconds per step to read the weights and create their broadcast. */
  public synchronized double broadcastMillis() {
    return mean(broadcastNanos);
  }

  /** Mean milliseconds per step of the Spark job (compute, transfer and the tree reduction). */
  public synchronized double jobMillis() {
    return mean(jobNanos);
  }

  /** Mean milliseconds per step of the slowest shard's compute (weights in, gradients out). */
  public synchronized double computeMillis() {
    return mean(computeNanos);
  }

  /** Mean milliseconds per step of the driver's optimizer update. */
  public synchronized double updateMillis() {
    return mean(updateNanos);
  }

  /** Mean milliseconds per step spent on anything but the slowest shard's compute. */
  public synchronized double overheadMillis() {
    return mean(broadcastNanos + jobNanos - computeNanos + updateNanos);
  }

  private double mean(long nanos) {
    return steps == 0 ? Double.NaN : nanos / 1e6 / steps;
  }

  @Override
  public synchronized String toString() {
    return String.format("%d steps: broadcast %.2f ms, job %.2f ms (slowest shard's compute %.2f"
        + " ms), update %.2f ms, overhead %.2f ms per step", steps, broadcastMillis(),
        jobMillis(), computeMillis(), updateMillis(), overheadMillis());
  }
}
