package io.annet.runtime.layers;

import io.annet.runtime.NativeThreads;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN called directly through JavaCPP's {@code dnnl} preset, beside the copy statically linked
 * into libnd4j (which ND4J M2.1 drives with per-call primitives and plain layouts, 3-10x slower on
 * NIN's convolutions). Loaded once; {@code -Dannet.onednn=false} turns it off, and a failed load
 * turns it off with the reason in {@link #status()}.
 */
public final class OneDnn {
  private static final String PROPERTY = "annet.onednn";
  private static volatile State state;

  private OneDnn() {}

  /** The loaded library's CPU engine, or null when oneDNN is off or could not load. */
  private record State(engine engine, String status) {}

  /** Whether float convolutions go through oneDNN directly. */
  public static boolean available() {
    return state().engine() != null;
  }

  /** One line: the oneDNN version in use, or why it is not used. */
  public static String status() {
    return state().status();
  }

  /** The CPU engine; only when {@link #available()}. */
  public static engine engine() {
    return state().engine();
  }

  private static State state() {
    State s = state;
    if (s == null) {
      synchronized (OneDnn.class) {
        s = state;
        if (s == null) {
          s = load();
          state = s;
        }
      }
    }
    return s;
  }

  private static State load() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
      return new State(null, "oneDNN direct: off (-D" + PROPERTY + "=false)");
    }
    try {
      // libnd4j first: both bundle libgomp.so.1, and one OpenMP runtime, libnd4j's, serves both
      org.nd4j.linalg.factory.Nd4j.zeros(1);
      Loader.load(org.bytedeco.dnnl.global.dnnl.class);
      engine e = new engine(engine.kind.cpu, 0);
      org.bytedeco.dnnl.dnnl_version_t v = org.bytedeco.dnnl.global.dnnl.dnnl_version();
      return new State(e, "oneDNN direct: " + v.major() + "." + v.minor() + "." + v.patch()
          + " (JavaCPP dnnl preset)");
    } catch (Throwable t) { // UnsatisfiedLinkError, a missing platform jar: fall back, say why
      return new State(null, "oneDNN direct: unavailable (" + t + "); convolutions use libnd4j");
    }
  }

  /**
   * oneDNN's padding {@code {{top, left}, {bottom, right}}} of {@code window} on an {@code h x w}
   * input: SAME puts {@code floor(total / 2)} before and the rest after; explicit padding is
   * symmetric, and oneDNN's integer division then drops what the {@link Window} floor rule drops.
   */
  static long[][] padding(io.annet.dsl.Window window, int h, int w) {
    long[][] pads = new long[2][2];
    int[] in = {h, w};
    int[] out = {window.outputHeight(h), window.outputWidth(w)};
    int[] k = {window.kernelHeight(), window.kernelWidth()};
    int[] s = {window.strideHeight(), window.strideWidth()};
    int[] p = {window.paddingHeight(), window.paddingWidth()};
    for (int axis = 0; axis < 2; axis++) {
      if (window.same()) {
        int total = Math.max((out[axis] - 1) * s[axis] + k[axis] - in[axis], 0);
        pads[0][axis] = total / 2;
        pads[1][axis] = total - total / 2;
      } else {
        pads[0][axis] = p[axis];
        pads[1][axis] = p[axis];
      }
    }
    return pads;
  }

  /**
   * Convolutions below this many floating-point operations run on one thread: waking the second
   * OpenMP thread (passive wait policy) costs about 100 us, more than it saves there (measured:
   * MNIST's 3x3 32->64 at batch 1, 7 MFLOP, took 48 us on one thread and 160 on two; NIN's 5x5
   * 96->192 at batch 1, 207 MFLOP, 1,110 and 686). The inference plan uses a lower bound when
   * OpenMP's threads spin before sleeping ({@code GOMP_SPINCOUNT}, the runtime's default).
   */
  public static final long SMALL_FLOPS = 30_000_000L;

  /** Element-wise and pooling primitives below this many elements run on one thread. */
  static final long SMALL_ELEMENTS = NativeThreads.SMALL_ELEMENTS;

  /**
   * The OpenMP threads a primitive doing {@code work} should use: one below {@code small}, else
   * {@link NativeThreads#max()}.
   */
  static int threadsFor(long work, long small) {
    return work < small ? 1 : NativeThreads.max();
  }

  /** See {@link NativeThreads#limit}. */
  static int limitThreads(int threads) {
    return NativeThreads.limit(threads);
  }

  /** Undoes {@link #limitThreads}. */
  static void restoreThreads(int previous) {
    NativeThreads.restore(previous);
  }

  /**
   * oneDNN refused to build a primitive for a configuration (e.g. a stride of 2^31 - 1, which the
   * {@link io.annet.dsl.Window} rule accepts): the caller falls back to libnd4j for that layer.
   */
  static final class Unsupported extends RuntimeException {
    Unsupported(String what, RuntimeException cause) {
      super(what + ": " + cause.getMessage(), cause);
    }
  }

  /** Kernels and strides beyond this, in either direction, are left to libnd4j. */
  static final int MAX_WINDOW = 4096;

  /**
   * Whether oneDNN should be asked at all for {@code window} on an {@code h x w} input: kernels
   * and strides of at most {@link #MAX_WINDOW}, each padding shorter than its kernel. The long
   * fuzz run found oneDNN spending over a minute building the backward primitive of an average
   * pool with a kernel of 2^30 (SAME on a 2x10 map); no real network has such a window.
   */
  static boolean ordinary(io.annet.dsl.Window window, int h, int w) {
    long[][] pads = padding(window, h, w);
    return window.kernelHeight() <= MAX_WINDOW && window.kernelWidth() <= MAX_WINDOW
        && window.strideHeight() <= MAX_WINDOW && window.strideWidth() <= MAX_WINDOW
        && Math.max(pads[0][0], pads[1][0]) < window.kernelHeight()
        && Math.max(pads[0][1], pads[1][1]) < window.kernelWidth();
  }

  /** Builds with {@code build}, turning oneDNN's refusal into {@link Unsupported}. */
  static <T> T build(String what, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (Unsupported e) {
      throw e;
    } catch (RuntimeException e) { // JavaCPP maps dnnl's error status to RuntimeException
      throw new Unsupported(what, e);
    }
  }

  /**
   * {@link #build} under {@code threads} OpenMP threads, the count its calls will run with: a
   * primitive keeps the count it was created with, and one made for every core wakes them all at
   * each call (8x slower at batch 1 under OMP_WAIT_POLICY=PASSIVE, whose threads sleep between
   * calls). Only building pays for the limit; the cached primitives' calls set their own.
   */
  static <T> T build(String what, int threads, java.util.function.Supplier<T> build) {
    int previous = limitThreads(threads);
    try {
      return build(what, build);
    } finally {
      restoreThreads(previous);
    }
  }

  /** A memory descriptor of {@code dims} in float32 with {@code tag}. */
  static memory.desc desc(long[] dims, memory.format_tag tag) {
    return new memory.desc(dims, memory.data_type.f32, tag);
  }

  /**
   * One tensor of a primitive: the user's plain array, and when the primitive wants another
   * layout, a scratch memory in that layout with reorders both ways. The user array is bound per
   * call, re-pointing the memory only when it is another array than last time.
   */
  static final class Port {
    private final memory user;
    private final memory inner;
    private final reorder toInner;
    private final reorder toUser;
    private final IntMemoryMap inArgs;
    private final IntMemoryMap outArgs;
    private INDArray bound;

    Port(long[] dims, memory.format_tag plain, memory.desc wanted) {
      engine e = engine();
      this.user = new memory(desc(dims, plain), e, (Pointer) null);
      if (user.get_desc().equals(wanted)) {
        inner = user;
        toInner = null;
        toUser = null;
        inArgs = null;
        outArgs = null;
      } else {
        inner = new memory(wanted, e);
        toInner = new reorder(user, inner);
        toUser = new reorder(inner, user);
        inArgs = args(org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM, user,
            org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO, inner);
        outArgs = args(org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM, inner,
            org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO, user);
      }
    }

    /** The memory the primitive reads or writes. */
    memory inner() {
      return inner;
    }

    /** Binds {@code array} (c-order, float32, of this port's shape) as the user tensor. */
    void bind(INDArray array) {
      if (array != bound) {
        user.set_data_handle(array.data().addressPointer());
        bound = array;
      }
    }

    /**
     * Whether the primitive's memory holds {@code array} as of its last {@link #in}: the same
     * array object was the last one bound (a later {@code in} of another array replaces it).
     */
    boolean holds(INDArray array) {
      return bound == array;
    }

    /** Binds {@code array} and copies it into the primitive's layout when that differs. */
    void in(stream s, INDArray array) {
      bind(array);
      if (toInner != null) {
        toInner.execute(s, inArgs);
      }
    }

    /** After the primitive ran: copies its result back into the bound user array if needed. */
    void out(stream s) {
      if (toUser != null) {
        toUser.execute(s, outArgs);
      }
    }
  }

  /**
   * A primitive's memory in the format it wants, filled from another primitive's memory: that
   * memory itself when the formats agree, else a copy made by one reorder on {@link #refresh}.
   */
  static final class Derived {
    private final memory inner;
    private final reorder copy;
    private final IntMemoryMap copyArgs;

    Derived(memory source, memory.desc wanted) {
      if (source.get_desc().equals(wanted)) {
        inner = source;
        copy = null;
        copyArgs = null;
      } else {
        inner = new memory(wanted, engine());
        copy = new reorder(source, inner);
        copyArgs = args(org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM, source,
            org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO, inner);
      }
    }

    /** The memory the primitive reads. */
    memory inner() {
      return inner;
    }

    /** Whether it is the source memory itself (no copy). */
    boolean shared() {
      return copy == null;
    }

    /** Copies the source's current contents in, unless shared. */
    void refresh(stream s) {
      if (copy != null) {
        copy.execute(s, copyArgs);
      }
    }
  }

  /** An argument map of (key, memory) pairs. */
  static IntMemoryMap args(Object... keysAndMemories) {
    IntMemoryMap map = new IntMemoryMap();
    for (int i = 0; i < keysAndMemories.length; i += 2) {
      map.put((Integer) keysAndMemories[i], (memory) keysAndMemories[i + 1]);
    }
    return map;
  }
}
