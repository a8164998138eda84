package io.annet.runtime.infer;

import io.annet.runtime.NativeThreads;
import io.annet.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
  /** The threads running the parts after the first (which the caller runs), one per part. */
  private final List<PartWorker> workers = new ArrayList<>();
  /** What each worker runs: its part of the call's batch. */
  private final List<Runnable> workerParts = new ArrayList<>();
  /** The next chunk a thread takes (chunk plans): threads take chunks until none is left. */
  private final AtomicLong nextChunk = new AtomicLong();
  /** The chunks of a call: the batch over the chunk plans' size; 0 when whole parts. */
  private final long chunks;
  /** The call's batch, dense c-order, while the parts run. */
  private INDArray batch;
  private long batchAddress;
  private final long outputAddress;
  /** The chunks each part's thread took in the last call (tests). */
  private final long[] taken;
  /** Run by each worker before its part (tests: a slow worker); null when none. */
  private Runnable workerDelay;

  private SplitPlan(List<InferencePlan> parts, long partSize, long n, int classes,
      long[] inputShape) {
    this.parts = List.copyOf(parts);
    this.partSize = partSize;
    this.output = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, classes}, 'c');
    this.outputAddress = InferencePlan.address(output);
    this.inputShape = inputShape.clone();
    this.chunks = partSize == 0 ? 0 : n / this.parts.get(0).batch();
    this.taken = new long[this.parts.size()];
    for (int i = 1; i < this.parts.size(); i++) {
      int part = i;
      workers.add(new PartWorker(this));
      workerParts.add(() -> {
        if (workerDelay != null) {
          workerDelay.run();
        }
        runPart(part);
      });
    }
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
    batch = in;
    batchAddress = InferencePlan.address(in);
    nextChunk.set(0);
    RuntimeException failure = null;
    int started = 0;
    try {
      for (; started < workers.size(); started++) {
        workers.get(started).start(workerParts.get(started));
      }
      runPart(0);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int i = 0; i < started; i++) { // every part finishes before the arrays are reused
      try {
        workers.get(i).await();
      } catch (RuntimeException e) {
        failure = failure != null ? failure : e;
      }
    }
    batch = null;
    if (failure != null) {
      throw failure;
    }
    return output;
  }

  /** The examples each part's plan computes at once (its chunk, or the whole part). */
  long partBatch() {
    return parts.get(0).batch();
  }

  /**
   * Part {@code i} of the call: its range of the batch through its whole plan, or, with chunk
   * plans, chunks taken from the call's counter until none is left, so that a thread that started
   * late or runs slower takes fewer and neither waits for the other at the end.
   */
  private void runPart(int i) {
    InferencePlan plan = parts.get(i);
    if (partSize == 0) {
      plan.runPart(batch, output);
      return;
    }
    long k = plan.batch();
    long classes = output.size(1);
    boolean first = true;
    long count = 0;
    int previous = NativeThreads.limit(1); // once per part, not around every chunk's steps
    try {
      for (long c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
        plan.runChunk(batchAddress, outputAddress, classes, c * k, first);
        first = false;
        count++;
      }
    } finally {
      NativeThreads.restore(previous);
      taken[i] = count;
    }
  }

  /** Makes each worker run {@code delay} before its part (tests of an uneven finish). */
  void delayWorkers(Runnable delay) {
    this.workerDelay = delay;
  }

  /** The chunks each part's thread took in the last call, the caller's first (tests). */
  long[] chunksTaken() {
    return taken.clone();
  }

  /** The worker threads alive now (tests). */
  List<Thread> workerThreads() {
    return workers.stream().map(PartWorker::thread).filter(t -> t != null).toList();
  }

  @Override
  public void fixWeights() {
    parts.forEach(InferencePlan::fixWeights);
  }

  @Override
  public void close() {
    workers.forEach(PartWorker::close);
    parts.forEach(InferencePlan::close);
  }
}
