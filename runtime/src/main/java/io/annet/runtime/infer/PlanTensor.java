package io.annet.runtime.infer;

import org.bytedeco.dnnl.memory;

/**
 * One activation of an inference plan: its dimensions {@code [N, C, H, W]} or {@code [N, F]} as
 * the plan holds it, the step that produces it, and once compiled the oneDNN memory (plain or
 * blocked) that holds it. Kernels receive and return these from their {@link
 * io.annet.runtime.layers.InferencePlannable} hook without looking inside.
 */
public final class PlanTensor {
  final long[] dims;
  /** The op producing it; null for the network's input. */
  PlanOp producer;
  /** How many ops read it. */
  int uses;
  /** The index of the last op reading it, once the plan is recorded. */
  int lastUse = -1;
  /** The compiled memory; set when its producer is compiled. */
  memory memory;
  /** Whether its memory is re-pointed at another array on each call (input, fallback outputs). */
  boolean rebound;
  /** Whether another tensor's memory shares its data (a flattened view): never written in place. */
  boolean aliased;

  PlanTensor(long[] dims, PlanOp producer) {
    this.dims = dims.clone();
    this.producer = producer;
  }

  /** The dimensions, batch first. */
  public long[] dims() {
    return dims.clone();
  }

  /** The number of values per example. */
  long perExample() {
    long p = 1;
    for (int i = 1; i < dims.length; i++) {
      p *= dims[i];
    }
    return p;
  }

  /** The number of values of the whole batch. */
  long elements() {
    return dims[0] * perExample();
  }
}
