package io.annet.runtime.infer;

import io.annet.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch split into equal parts run at the same time, one per thread, each a plan of
 * single-threaded primitives over its range of the input and the result: no OpenMP team to wake
 * and join per primitive, and each core works on activations a fraction of the size (measured on
 * the thin example networks at batch 64, where the 2-thread primitives spend their time waiting
 * for memory and for each other). A part runs its range in chunks of a few examples through one
 * plan ({@link #CHUNK}) when its size allows. Only for plans whose every layer has its hook: a
 * layer's own forward pass is not thread-safe.
 */
final class SplitPlan implements PlanRunner {
  /** The threads running the parts after the first (which the caller runs); daemons, reused. */
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "annet-inference-part");
    t.setDaemon(true);
    return t;
  });

  /**
   * The most examples of a part computed at once: a part runs its range chunk after chunk
   * through one plan, whose activations (MNIST GAP's first convolution writes 100 KB per example)
   * then stay in the core's L2 cache between a layer and the next instead of going out to memory.
   * Measured at batch 64, 2 parts of 32 (the plan alone, ms, shared machine): MNIST GAP 2.16-2.26
   * in one go, 1.91-2.14 in chunks of 4, 1.98-2.16 of 8, 2.10 of 2; ResNetCifar 4.36-4.60 against
   * 4.21; InceptionMnist 4.85-4.92 against 4.64; NIN-CIFAR 89-97 against 81-85.
   */
  static final int CHUNK = 4;
  /** {@code -Dannet.inferencePlan.chunk=N} chunks a part by at most N examples (1: no chunks). */
  static final String CHUNK_PROPERTY = "annet.inferencePlan.chunk";

  private final List<InferencePlan> parts;
  /** Examples per part when each part runs a chunk plan over its range; 0 when whole parts. */
  private final long partSize;
  private final INDArray output;
  private final long[] inputShape;
  private INDArray inputCopy;

  private SplitPlan(List<InferencePlan> parts, long partSize, long n, int classes,
      long[] inputShape) {
    this.parts = List.copyOf(parts);
    this.partSize = partSize;
    this.output = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, classes}, 'c');
    this.inputShape = inputShape.clone();
  }

  /**
   * The examples a part runs at once through a chunk plan ({@link InferencePlan#chunk}): the
   * largest divisor of {@code part} up to {@link #CHUNK} (or {@code -D}{@value #CHUNK_PROPERTY});
   * 0, the whole part in one plan, when that is the part itself or a single example.
   */
  static long chunk(long part) {
    long most = Long.getLong(CHUNK_PROPERTY, CHUNK);
    for (long k = Math.min(most, part); k >= 2; k--) {
      if (part % k == 0) {
        return k == part ? 0 : k;
      }
    }
    return 0;
  }

  /**
   * The plan of batches of {@code n} in {@code count} parts, or null when a part has a layer
   * without a hook (then the whole plan serves).
   */
  static SplitPlan build(Network network, long n, int count, Set<String> withoutHook) {
    List<InferencePlan> parts = new ArrayList<>();
    long part = n / count;
    long chunk = chunk(part);
    try {
      for (int i = 0; i < count; i++) {
        InferencePlan p = chunk > 0 ? InferencePlan.chunk(network, chunk, withoutHook)
            : InferencePlan.build(network, part, withoutHook, n, i * part);
        parts.add(p);
        if (p.runsLayers()) {
          parts.forEach(InferencePlan::close);
          return null;
        }
      }
    } catch (RuntimeException e) {
      parts.forEach(InferencePlan::close);
      throw e;
    }
    int[] shape = network.architecture().inputShape();
    return new SplitPlan(parts, chunk > 0 ? part : 0, n, network.architecture().classes(),
        FallbackOp.batched(n, shape));
  }

  @Override
  public INDArray run(INDArray x) {
    INDArray in = x;
    if (x.offset() != 0 || x.ordering() != 'c' || !Shape.hasDefaultStridesForShape(x)) {
      if (inputCopy == null) {
        inputCopy = Nd4j.createUninitialized(DataType.FLOAT, inputShape, 'c');
      }
      in = inputCopy.assign(x);
    }
    INDArray batch = in;
    List<Future<?>> others = new ArrayList<>(parts.size() - 1);
    for (int i = 1; i < parts.size(); i++) {
      int part = i;
      others.add(WORKERS.submit(() -> runPart(part, batch)));
    }
    RuntimeException failure = null;
    try {
      runPart(0, batch);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> f : others) { // every part finishes before the arrays are reused
      try {
        f.get();
      } catch (ExecutionException e) {
        failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r
            : new PlanException("a part of the batch failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new PlanException("interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return output;
  }

  /** The examples each part's plan computes at once (its chunk, or the whole part). */
  long partBatch() {
    return parts.get(0).batch();
  }

  private void runPart(int i, INDArray batch) {
    if (partSize == 0) {
      parts.get(i).runPart(batch, output);
    } else {
      parts.get(i).runChunks(batch, output, i * partSize, partSize);
    }
  }

  @Override
  public void fixWeights() {
    parts.forEach(InferencePlan::fixWeights);
  }

  @Override
  public void close() {
    parts.forEach(InferencePlan::close);
  }
}
