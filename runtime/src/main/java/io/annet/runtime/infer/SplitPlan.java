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
 * for memory and for each other). Only for plans whose every layer has its hook: a layer's own
 * forward pass is not thread-safe.
 */
final class SplitPlan implements PlanRunner {
  /** The threads running the parts after the first (which the caller runs); daemons, reused. */
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "annet-inference-part");
    t.setDaemon(true);
    return t;
  });

  private final List<InferencePlan> parts;
  private final INDArray output;
  private final long[] inputShape;
  private INDArray inputCopy;

  private SplitPlan(List<InferencePlan> parts, long n, int classes, long[] inputShape) {
    this.parts = List.copyOf(parts);
    this.output = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, classes}, 'c');
    this.inputShape = inputShape.clone();
  }

  /**
   * The plan of batches of {@code n} in {@code count} parts, or null when a part has a layer
   * without a hook (then the whole plan serves).
   */
  static SplitPlan build(Network network, long n, int count, Set<String> withoutHook) {
    List<InferencePlan> parts = new ArrayList<>();
    long part = n / count;
    try {
      for (int i = 0; i < count; i++) {
        InferencePlan p = InferencePlan.build(network, part, withoutHook, n, i * part);
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
    return new SplitPlan(parts, n, network.architecture().classes(),
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
      InferencePlan p = parts.get(i);
      others.add(WORKERS.submit(() -> p.runPart(batch, output)));
    }
    RuntimeException failure = null;
    try {
      parts.get(0).runPart(batch, output);
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

  @Override
  public void fixWeights() {
    parts.forEach(InferencePlan::fixWeights);
  }

  @Override
  public void close() {
    parts.forEach(InferencePlan::close);
  }
}
