package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_OUTPUT_SCALES;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_RUNTIME_F32_VAL;

import io.annet.runtime.NativeThreads;
import io.annet.runtime.layers.OneDnn;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns recorded {@link PlanOp}s into oneDNN primitives and the {@link Step}s that run them:
 * memories (plain or blocked, as each primitive chose), the reorders between them (made once per
 * tensor and layout, only where a consumer wants another layout than its producer wrote), and the
 * OpenMP team size of each primitive.
 */
final class PlanCompiler {
  /**
   * Primitives below this many floating-point operations run on one thread when idle OpenMP
   * threads spin ({@link NativeThreads#spinning()}): a spinning thread joins within microseconds,
   * where a sleeping one took about 100 us to wake ({@link OneDnn#SMALL_FLOPS} then applies).
   * Measured at batch 1, 2 threads, the plan alone, ms, against 30 MFLOP and 500k elements in
   * brackets: NIN 1.54-1.71 (2.05-2.13), ResNetCifar 0.105-0.110 (0.134-0.139), InceptionMnist
   * 0.140-0.178 (0.167-0.182), MNIST GAP 0.060-0.061 (0.062-0.072); 3 MFLOP came between, and 0
   * (always both threads) was slower on InceptionMnist.
   */
  static final long SPINNING_SMALL_FLOPS = 1_000_000L;
  /**
   * Reorders, pooling and softmax below this many elements run on one thread when threads spin.
   * MNIST GAP's first pooling at batch 1 (25,088 elements) took 0.0082-0.0089 ms on one thread,
   * 0.0041-0.0045 on two; with 5,000 its second pooling (12,544) runs on two as well: the plan
   * 0.061 -> 0.055 ms, NIN-CIFAR 2 % faster, ResNetCifar and InceptionMnist within noise
   * (runtime/PERFORMANCE.md, session 7). 30,000 before.
   */
  static final long SPINNING_SMALL_ELEMENTS = 5_000L;

  final engine engine = OneDnn.engine();
  /** The most OpenMP threads a primitive gets (1 for a part of a batch split across threads). */
  final int maxThreads;
  final List<Step> steps = new ArrayList<>();
  private final Map<PlanTensor, List<memory>> layouts = new IdentityHashMap<>();
  /** The implementation oneDNN chose for each primitive, in order (e.g. {@code jit:avx512_common}). */
  final List<String> implementations = new ArrayList<>();
  /** Every native object the plan made, to free them with it. */
  final List<org.bytedeco.javacpp.Pointer> natives = new ArrayList<>();

  /** The network's output tensor and the memory of the caller's result array. */
  PlanTensor last;
  memory result;
  private final Map<PlanTensor, Integer> lastRead = new IdentityHashMap<>();
  /** The ops (not fused away) reading each tensor. */
  private final Map<PlanTensor, List<PlanOp>> readOps = new IdentityHashMap<>();

  /** Whether a layer's own forward runs inside the plan ({@link FallbackOp}). */
  boolean runsLayers;

  PlanCompiler(int maxThreads) {
    this.maxThreads = maxThreads;
  }

  /** Notes, for each tensor, the last op reading it ({@code last}, the result, is read at the end). */
  void readers(List<PlanOp> ops, PlanTensor last) {
    for (PlanOp op : ops) {
      if (!op.fused) {
        for (PlanTensor x : op.inputs) {
          lastRead.put(x, op.index);
          readOps.computeIfAbsent(x, k -> new ArrayList<>()).add(op);
        }
      }
    }
    lastRead.put(last, Integer.MAX_VALUE);
  }

  /** Whether {@code t} is read only by poolings (false for the result or an unread tensor). */
  boolean onlyPooled(PlanTensor t) {
    List<PlanOp> ops = readOps.get(t);
    return lastRead.get(t) != Integer.MAX_VALUE && ops != null
        && ops.stream().allMatch(op -> op instanceof PoolOp);
  }

  /** Whether {@code t}'s memory is oneDNN's blocked {@code nChw16c} (a 4-d activation). */
  static boolean blocked16(PlanTensor t) {
    return t.memory != null && t.dims.length == 4 && t.dims[1] % 16 == 0
        && t.memory.get_desc().equals(desc(t.dims, memory.format_tag.nChw16c));
  }

  /** Whether every op reading {@code t} comes before the op at {@code index}. */
  boolean readBefore(PlanTensor t, int index) {
    return lastRead.getOrDefault(t, -1) < index;
  }

  /** Frees what was made so far (a plan that failed half-way). */
  void close() {
    for (int i = natives.size() - 1; i >= 0; i--) {
      natives.get(i).close();
    }
    natives.clear();
  }

  /** The threads of a primitive doing {@code flops} floating-point operations. */
  int threadsForFlops(long flops) {
    return flops < (NativeThreads.spinning() ? SPINNING_SMALL_FLOPS : OneDnn.SMALL_FLOPS) ? 1
        : maxThreads;
  }

  /** The threads of a primitive over {@code elements} values. */
  int threadsForElements(long elements) {
    return elements < (NativeThreads.spinning() ? SPINNING_SMALL_ELEMENTS
        : NativeThreads.SMALL_ELEMENTS) ? 1 : maxThreads;
  }

  /** Builds with {@code build} under {@code threads} OpenMP threads, the count it will run with. */
  <T extends org.bytedeco.javacpp.Pointer> T build(int threads, Supplier<T> build) {
    int previous = NativeThreads.limit(threads);
    try {
      T made = build.get();
      natives.add(made);
      if (made instanceof primitive_desc_base pd && !(made instanceof reorder.primitive_desc)) {
        implementations.add(pd.get_kind() + " " + pd.impl_info_str().getString());
      }
      return made;
    } finally {
      NativeThreads.restore(previous);
    }
  }

  /**
   * A new attribute with a user scratchpad: every primitive gets its own ({@link #run}), so that
   * parts of a batch can run the same cached primitive on several threads at once (oneDNN's
   * library scratchpad is not safe for that).
   */
  primitive_attr attr() {
    primitive_attr a = new primitive_attr();
    natives.add(a);
    a.set_scratchpad_mode(org.bytedeco.dnnl.global.dnnl.scratchpad_mode.user);
    return a;
  }

  /** Adds the step running {@code p} of {@code pd} on (key, memory) pairs and its scratchpad. */
  void run(org.bytedeco.dnnl.primitive p, primitive_desc_base pd, int threads,
      Object... keysAndMemories) {
    Object[] all = java.util.Arrays.copyOf(keysAndMemories, keysAndMemories.length + 2);
    all[keysAndMemories.length] = org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
    all[keysAndMemories.length + 1] = own(pd.scratchpad_desc());
    steps.add(Step.primitive(p, args(all), threads));
  }

  /** A float32 descriptor of {@code dims} with {@code tag}. */
  static memory.desc desc(long[] dims, memory.format_tag tag) {
    return new memory.desc(dims, memory.data_type.f32, tag);
  }

  /** The plain (row-major) tag of a tensor of {@code rank} dimensions. */
  static memory.format_tag plainTag(int rank) {
    return switch (rank) {
      case 1 -> memory.format_tag.a;
      case 2 -> memory.format_tag.ab;
      case 3 -> memory.format_tag.abc;
      case 4 -> memory.format_tag.abcd;
      case 5 -> memory.format_tag.abcde;
      default -> throw new PlanException("no plain layout for rank " + rank);
    };
  }

  /** A memory of {@code desc} the plan owns. */
  memory own(memory.desc desc) {
    memory m = new memory(desc, engine);
    natives.add(m);
    return m;
  }

  /** A memory of {@code desc} without data, pointed at an array per call. */
  memory user(memory.desc desc) {
    memory m = new memory(desc, engine, (org.bytedeco.javacpp.Pointer) null);
    natives.add(m);
    return m;
  }

  /** Sets {@code t}'s memory (its producer's output) and remembers it as one of its layouts. */
  void produce(PlanTensor t, memory m) {
    t.memory = m;
    List<memory> list = new ArrayList<>();
    list.add(m);
    layouts.put(t, list);
  }

  /**
   * {@code t}'s values in the layout {@code wanted}: its own memory when that is the layout, else a
   * copy made by a reorder step after its producer (one per tensor and layout, shared by every
   * consumer wanting it).
   */
  memory in(PlanTensor t, memory.desc wanted) {
    List<memory> list = layouts.get(t);
    for (memory m : list) {
      if (m.get_desc().equals(wanted)) {
        return m;
      }
    }
    memory copy = own(wanted);
    reorder(t.memory, copy, t.elements());
    list.add(copy);
    return copy;
  }

  /** {@code t}'s values in the plain row-major layout of its dimensions. */
  memory plain(PlanTensor t) {
    return in(t, desc(t.dims, plainTag(t.dims.length)));
  }

  /** Adds a step copying {@code from} into {@code to} (layouts may differ). */
  void reorder(memory from, memory to, long elements) {
    steps.add(copy(from, to, attr(), elements, DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
  }

  /**
   * A memory holding {@code array} ({@code dims} in the plain layout {@code tag}) in the layout
   * {@code wanted}: a step re-points a user memory at the array on every call and, when the
   * layouts differ, reorders it into a memory of {@code wanted}.
   */
  memory parameter(INDArray array, long[] dims, memory.format_tag tag, memory.desc wanted) {
    if (array.offset() != 0 || array.ordering() != 'c' || array.length() != product(dims)) {
      throw new PlanException("a parameter " + java.util.Arrays.toString(array.shape())
          + " is not a dense array of " + java.util.Arrays.toString(dims));
    }
    memory user = user(desc(dims, tag));
    if (user.get_desc().equals(wanted)) {
      weightStep(Step.bind(user, array, null));
      return user;
    }
    memory inner = own(wanted);
    weightStep(Step.bind(user, array, copy(user, inner, attr(), product(dims), DNNL_ARG_FROM,
        user, DNNL_ARG_TO, inner)));
    return inner;
  }

  /**
   * {@link #parameter} always reordered, each output channel multiplied on the way by the value
   * {@code scales} holds for it at the time ({@code mask}: the dimensions indexing the channel).
   */
  memory scaledParameter(INDArray array, long[] dims, memory.format_tag tag,
      memory.desc wanted, memory scales, int mask) {
    if (array.offset() != 0 || array.ordering() != 'c' || array.length() != product(dims)) {
      throw new PlanException("a weight " + java.util.Arrays.toString(array.shape())
          + " is not a dense array of " + java.util.Arrays.toString(dims));
    }
    memory user = user(desc(dims, tag));
    memory inner = own(wanted);
    primitive_attr attr = attr();
    attr.set_output_scales(mask, new float[] {(float) DNNL_RUNTIME_F32_VAL()});
    weightStep(Step.bind(user, array, copy(user, inner, attr, product(dims), DNNL_ARG_FROM, user,
        DNNL_ARG_TO, inner, DNNL_ARG_ATTR_OUTPUT_SCALES, scales)));
    return inner;
  }

  /**
   * Adds {@code step}, which reads only parameters (a bind, a reorder of weights, a fold of running
   * statistics): skipped after the first call once the plan's weights are fixed.
   */
  void weightStep(Step step) {
    steps.add(Step.ofWeights(step));
  }

  /** The step of a reorder from {@code from} to {@code to} with {@code attr}, not yet added. */
  private Step copy(memory from, memory to, primitive_attr attr, long elements,
      Object... keysAndMemories) {
    int threads = threadsForElements(elements);
    reorder.primitive_desc pd =
        build(threads, () -> new reorder.primitive_desc(from, to, attr, false));
    reorder r = build(threads, () -> new reorder(pd));
    Object[] all = java.util.Arrays.copyOf(keysAndMemories, keysAndMemories.length + 2);
    all[keysAndMemories.length] = org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
    all[keysAndMemories.length + 1] = own(pd.scratchpad_desc());
    return Step.primitive(r, args(all), threads);
  }

  static long product(long[] dims) {
    long p = 1;
    for (long d : dims) {
      p *= d;
    }
    return p;
  }

  /** An argument map of (key, memory) pairs. */
  IntMemoryMap args(Object... keysAndMemories) {
    IntMemoryMap map = new IntMemoryMap();
    for (int i = 0; i < keysAndMemories.length; i += 2) {
      map.put((Integer) keysAndMemories[i], (memory) keysAndMemories[i + 1]);
    }
    natives.add(map);
    return map;
  }
}
