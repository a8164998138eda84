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
public final class InferencePlan implements AutoCloseable {
  private final List<Step> steps;
  private final List<Pointer> natives;
  private final memory input;
  private final long[] inputShape;
  private final INDArray output;
  private final stream stream;
  private final List<String> implementations;
  private INDArray inputCopy;

  private InferencePlan(PlanCompiler c, memory input, long[] inputShape, INDArray output) {
    this.steps = List.copyOf(c.steps);
    this.implementations = List.copyOf(c.implementations);
    this.natives = c.natives;
    this.input = input;
    this.inputShape = inputShape;
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
    return compile(b, in, last, architecture.classes());
  }

  private static InferencePlan compile(PlanBuilder b, PlanTensor in, PlanTensor last,
      int classes) {
    long n = in.dims[0];
    if (last.dims[1] != classes || last.perExample() != classes) {
      throw new PlanException("the plan ends in " + last.dims[1] + " values, expected " + classes);
    }
    b.fuse();
    PlanCompiler c = new PlanCompiler();
    try {
      c.readers(b.ops, last);
      memory inputMemory =
          c.user(PlanCompiler.desc(in.dims, PlanCompiler.plainTag(in.dims.length)));
      c.produce(in, inputMemory);
      INDArray output = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, classes}, 'c');
      c.last = last;
      c.result = c.user(PlanCompiler.desc(last.dims, PlanCompiler.plainTag(last.dims.length)));
      c.result.set_data_handle(output.data().addressPointer());
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

  /**
   * The probabilities {@code [N, classes]} of {@code x} ({@code [N, ...inputShape]}, float32,
   * checked by the caller), in an array this plan owns and overwrites on its next call.
   */
  INDArray run(INDArray x) {
    INDArray in = x;
    if (x.offset() != 0 || x.ordering() != 'c' || !Shape.hasDefaultStridesForShape(x)) {
      if (inputCopy == null) {
        inputCopy = Nd4j.createUninitialized(DataType.FLOAT, inputShape, 'c');
      }
      in = inputCopy.assign(x);
    }
    input.set_data_handle(in.data().addressPointer());
    int saved = 0;
    int current = -1;
    try {
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        int threads = step.threads();
        if (threads > 0 && threads != current) {
          int previous = NativeThreads.limit(threads);
          saved = saved == 0 ? previous : saved;
          current = threads;
        }
        step.run(stream);
      }
    } finally {
      NativeThreads.restore(saved);
    }
    return output;
  }

  /** The number of native call sequences per call (primitives, reorders, parameter binds). */
  int steps() {
    return steps.size();
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
