package io.annet.runtime.infer;

import io.annet.dsl.Layer;
import io.annet.runtime.Architecture;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.Network;
import io.annet.runtime.layers.InferencePlannable;
import io.annet.runtime.layers.MergeKernel;
import io.annet.runtime.onnx.LayerIndex;
import io.annet.runtime.onnx.Topology;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's float32 inference for one batch size as one sequence of oneDNN primitives: built
 * from the spec's wiring ({@link Topology}) and each kernel's {@link InferencePlannable} hook,
 * fused, its activations kept in the layouts the primitives chose from the input to the output.
 * A call binds the input, runs the steps (each under the thread count it was built for) and
 * returns the probabilities in an array the plan owns; nothing is allocated per call.
 */
public final class InferencePlan implements PlanRunner {
  private final List<Step> steps;
  /** The steps that read activations: a call's chunks after its first run only these. */
  private final List<Step> activationSteps;
  /** The steps a call runs: all of them, or only the activations' once the weights are fixed. */
  private List<Step> running;
  private boolean fixedWeights;
  private final List<Pointer> natives;
  private final memory input;
  private final memory result;
  private final long[] inputShape;
  private final long exampleBytes; // one example of the input, float32
  private final INDArray output;
  private final stream stream;
  private final List<String> implementations;
  private final boolean runsLayers;
  private INDArray inputCopy;
  /** Where a chunk's input and result are, moved per chunk ({@link #runChunk}). */
  private final Address inputAt = new Address();
  private final Address resultAt = new Address();

  private InferencePlan(PlanCompiler c, memory input, long[] inputShape, INDArray output) {
    this.result = c.result;
    this.steps = List.copyOf(c.steps);
    this.activationSteps = steps.stream().filter(s -> !s.readsOnlyWeights()).toList();
    this.running = steps;
    this.implementations = List.copyOf(c.implementations);
    this.runsLayers = c.runsLayers;
    this.natives = c.natives;
    this.input = input;
    this.inputShape = inputShape;
    this.exampleBytes = PlanCompiler.product(inputShape) / inputShape[0] * Float.BYTES;
    this.output = output;
    this.stream = new stream(c.engine);
    natives.add(stream);
  }

  /**
   * The plan of {@code network} for batches of {@code n}; layers of the kinds in {@code
   * withoutHook} run their own forward as if they had no hook (tests of that path). Throws {@link
   * PlanException} when it cannot be built.
   */
  static InferencePlan build(Network network, long n, Set<String> withoutHook) {
    return build(network, n, withoutHook, n, 0);
  }

  /**
   * The plan of examples {@code [first, first + n)} of batches of {@code total}, on one thread per
   * primitive when it is a part ({@code n < total}): its input and result are those ranges of the
   * whole batch's arrays, passed to {@link #runPart}.
   */
  static InferencePlan build(Network network, long n, Set<String> withoutHook, long total,
      long first) {
    return build(network, n, withoutHook, total, first, n < total);
  }

  /**
   * The plan of a chunk of {@code k} examples on single-threaded primitives, run over any range
   * of a batch by {@link #runChunk}; its input and result memories are pointed per chunk.
   */
  static InferencePlan chunk(Network network, long k, Set<String> withoutHook) {
    return build(network, k, withoutHook, k, 0, true);
  }

  private static InferencePlan build(Network network, long n, Set<String> withoutHook,
      long total, long first, boolean single) {
    Architecture architecture = network.architecture();
    Map<String, Layer> layers = LayerIndex.of(network);
    PlanBuilder b = new PlanBuilder(n);
    Map<String, PlanTensor> tensors = new HashMap<>();
    Map<PlanTensor, int[]> shapes = new IdentityHashMap<>();
    PlanTensor in = b.input(architecture.inputShape());
    tensors.put(Topology.INPUT, in);
    shapes.put(in, architecture.inputShape());
    PlanTensor last = in;
    String lastKind = "";
    for (Topology.Node node : Topology.of(architecture).nodes()) {
      Layer layer = layers.get(node.name());
      if (layer == null) {
        throw new PlanException("the spec's layer " + node.name() + " is not registered");
      }
      List<PlanTensor> inputs = node.inputs().stream().map(tensors::get).toList();
      if (layer instanceof InferencePlannable hook && !withoutHook.contains(node.kind())) {
        last = hook.plan(b, inputs);
      } else {
        List<int[]> inputShapes = layer instanceof MergeKernel<?> merge
            ? List.of(merge.inputShapes()) : List.of(shapes.get(inputs.get(0)));
        last = b.fallback(layer, inputs, inputShapes);
      }
      tensors.put(node.name(), last);
      shapes.put(last, layer.outputShape());
      lastKind = node.kind();
    }
    if (!lastKind.equals("Softmax")) { // the forward pass's implicit softmax
      last = b.softmax(last);
    }
    return compile(b, in, last, architecture.classes(), total, first, single);
  }

  private static InferencePlan compile(PlanBuilder b, PlanTensor in, PlanTensor last,
      int classes, long total, long first, boolean single) {
    long n = in.dims[0];
    if (last.dims[1] != classes || last.perExample() != classes) {
      throw new PlanException("the plan ends in " + last.dims[1] + " values, expected " + classes);
    }
    b.fuse();
    PlanCompiler c = new PlanCompiler(single ? 1 : NativeThreads.max());
    try {
      c.readers(b.ops, last);
      memory inputMemory = c.user(range(in.dims, total, first));
      c.produce(in, inputMemory);
      INDArray output = single ? null
          : Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, classes}, 'c');
      c.last = last;
      c.result = c.user(range(last.dims, total, first));
      if (output != null) {
        c.result.set_data_handle(output.data().addressPointer());
      }
      for (PlanOp op : b.ops) {
        if (!op.fused) {
          op.compile(c);
        }
      }
      if (last.memory != c.result) {
        c.reorder(last.memory, c.result, last.elements());
      }
      return new InferencePlan(c, inputMemory, in.dims, output);
    } catch (RuntimeException e) {
      c.close();
      throw e instanceof PlanException ? e : new PlanException(e.getMessage(), e);
    }
  }

  /** The plain descriptor of examples {@code [first, first + dims[0])} of a batch of {@code total}. */
  private static memory.desc range(long[] dims, long total, long first) {
    long[] whole = dims.clone();
    whole[0] = total;
    memory.desc desc = PlanCompiler.desc(whole, PlanCompiler.plainTag(dims.length));
    if (total == dims[0]) {
      return desc;
    }
    long[] offsets = new long[dims.length];
    offsets[0] = first;
    return desc.submemory_desc(dims, offsets);
  }

  /**
   * Runs a part's plan on its range of {@code x} (the whole batch, dense c-order, float32),
   * writing its range of {@code out} ({@code [total, classes]}, dense c-order).
   */
  void runPart(INDArray x, INDArray out) {
    input.set_data_handle(x.data().addressPointer());
    result.set_data_handle(out.data().addressPointer());
    execute();
  }

  /**
   * Runs the chunk of examples starting at {@code first} of the batch at address {@code x} (dense
   * c-order, float32) through this chunk plan ({@link #chunk}), in the same memories for every
   * chunk, which stay in the core's cache, writing its rows of the result at {@code out}
   * (dense c-order, {@code classes} per row); {@code firstOfCall}: the first chunk this plan runs
   * in a call, which also runs the weights' steps (until they are fixed), the later ones only the
   * activations'.
   */
  void runChunk(long x, long out, long classes, long first, boolean firstOfCall) {
    input.set_data_handle(inputAt.at(x + first * exampleBytes));
    result.set_data_handle(resultAt.at(out + first * classes * Float.BYTES));
    if (firstOfCall) {
      execute();
    } else {
      runActivations();
    }
  }

  /** The address of {@code array}'s first element (its buffer's, at the buffer's position). */
  static long address(INDArray array) {
    Pointer p = array.data().addressPointer();
    return p.address() + p.position() * p.sizeof();
  }

  /** The steps reading activations, on one thread (a chunk plan's primitives are built for one). */
  private void runActivations() {
    int previous = NativeThreads.limit(1);
    try {
      for (Step step : activationSteps) {
        step.run(stream);
      }
    } finally {
      NativeThreads.restore(previous);
    }
  }

  /** A pointer whose address is set per chunk: nothing allocated per call. */
  private static final class Address extends Pointer {
    Address at(long address) {
      this.address = address;
      return this;
    }
  }

  /**
   * The probabilities {@code [N, classes]} of {@code x} ({@code [N, ...inputShape]}, float32,
   * checked by the caller), in an array this plan owns and overwrites on its next call.
   */
  @Override
  public INDArray run(INDArray x) {
    INDArray in = x;
    if (x.offset() != 0 || x.ordering() != 'c' || !Shape.hasDefaultStridesForShape(x)) {
      if (inputCopy == null) {
        inputCopy = Nd4j.createUninitialized(DataType.FLOAT, inputShape, 'c');
      }
      in = inputCopy.assign(x);
    }
    input.set_data_handle(in.data().addressPointer());
    execute();
    return output;
  }

  @Override
  public void fixWeights() {
    fixedWeights = true;
  }

  private void execute() {
    List<Step> run = running;
    int saved = 0;
    int current = -1;
    try {
      for (int i = 0; i < run.size(); i++) {
        Step step = run.get(i);
        int threads = step.threads();
        if (threads > 0 && threads != current) {
          int previous = NativeThreads.limit(threads);
          saved = saved == 0 ? previous : saved;
          current = threads;
        }
        step.run(stream);
      }
      if (fixedWeights) { // the weights are in place: from now on, the activations
        running = activationSteps;
      }
    } finally {
      NativeThreads.restore(saved);
    }
  }

  /** The examples this plan computes per run (a chunk plan's chunk). */
  long batch() {
    return inputShape[0];
  }

  /** Whether a layer without a hook runs its own forward inside this plan. */
  boolean runsLayers() {
    return runsLayers;
  }

  /** The number of native call sequences per call (primitives, reorders, parameter binds). */
  int steps() {
    return steps.size();
  }

  /** The steps a call runs: all of them, or after the first call of fixed weights, fewer. */
  int stepsPerCall() {
    return running.size();
  }

  /** The primitives' kinds and oneDNN's implementation of each, in order. */
  List<String> implementations() {
    return implementations;
  }

  /** Frees the plan's primitives and memories. */
  @Override
  public void close() {
    for (int i = natives.size() - 1; i >= 0; i--) {
      natives.get(i).close();
    }
    natives.clear();
  }
}
