package io.annet.runtime.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training-mode batch normalisation in float32 on oneDNN's {@code batch_normalization}
 * primitives, on ND4J's plain c-order arrays ({@code nchw} maps or {@code nc} vectors, no reorder):
 * one forward pass computes the batch mean, the biased variance and {@code y = gamma (x - mean) /
 * sqrt(var + eps) + beta}; one backward pass gives {@code dx} (the batch statistics depending on
 * x), {@code dgamma} and {@code dbeta}. Replaces libnd4j's {@code moments}, {@code batchnorm} and
 * {@code batchnorm_bp}, which took over half of a ResNetCifar training step. Primitives are built
 * once per batch size.
 */
final class OneDnnBatchNorm {
  private final long[] perExample;
  private final float epsilon;
  private final stream stream;
  private final Map<Long, Plan> plans = new HashMap<>();
  private Plan plan;
  private boolean blocked; // the calls to come read and write nChw16c maps

  private OneDnnBatchNorm(int[] inputShape, double epsilon) {
    this.perExample = BatchBuffer.toLong(inputShape);
    this.epsilon = (float) epsilon;
    this.stream = new stream(OneDnn.engine());
  }

  /** The primitives for per-example inputs {@code inputShape}, or null off float32 or oneDNN. */
  static OneDnnBatchNorm of(int[] inputShape, double epsilon, DataType dtype) {
    return dtype == DataType.FLOAT && OneDnn.available()
        ? new OneDnnBatchNorm(inputShape, epsilon) : null;
  }

  /** Whether the calls to come take their maps in oneDNN's {@code nChw16c} instead of NCHW. */
  void blocked(boolean blocked) {
    this.blocked = blocked;
  }

  /**
   * Builds the primitives of batch size {@code n}, the backward one too when {@code backward};
   * throws {@link OneDnn.Unsupported} when oneDNN refuses them.
   */
  void prepare(long n, boolean backward) {
    Plan p = plan(n);
    if (backward) {
      p.backward();
    }
  }

  /**
   * Sets {@code mean} and {@code variance} (biased) to the batch statistics of {@code x} and
   * {@code y} to the normalised, scaled and shifted {@code x}; arrays float32, dense c-order.
   */
  void forward(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray variance,
      INDArray y) {
    Plan p = plan(x.size(0));
    int previous = OneDnn.limitThreads(p.threads);
    try {
      bind(p.src, x);
      bind(p.scale, gamma);
      bind(p.shift, beta);
      bind(p.mean, mean);
      bind(p.variance, variance);
      bind(p.dst, y);
      p.forward.execute(stream, p.forwardArgs);
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  /**
   * The training-mode gradients from {@code dy}: {@code dx}, {@code dgamma}, {@code dbeta}, with
   * the statistics the forward of {@code x} computed.
   */
  void backward(INDArray x, INDArray mean, INDArray variance, INDArray gamma, INDArray beta,
      INDArray dy, INDArray dx, INDArray dgamma, INDArray dbeta) {
    Plan p = plan(x.size(0));
    int previous = OneDnn.limitThreads(p.threads);
    try {
      Backward b = p.backward();
      bind(b.src, x);
      bind(b.mean, mean);
      bind(b.variance, variance);
      bind(b.scale, gamma);
      bind(b.shift, beta);
      bind(b.diffDst, dy);
      bind(b.diffSrc, dx);
      bind(b.diffScale, dgamma);
      bind(b.diffShift, dbeta);
      b.primitive.execute(stream, b.args);
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private static void bind(memory m, INDArray array) {
    m.set_data_handle(array.data().addressPointer());
  }

  private Plan plan(long n) {
    if (plan == null || plan.n != n || plan.blocked != blocked) {
      boolean b = blocked;
      plan = plans.computeIfAbsent(n * 2 + (b ? 1 : 0),
          k -> OneDnn.build("batch normalization", threads(n), () -> new Plan(n, b)));
    }
    return plan;
  }

  /** The OpenMP threads of a batch of {@code n}: one for small tensors. */
  private int threads(long n) {
    long elements = n;
    for (long d : perExample) {
      elements *= d;
    }
    return OneDnn.threadsFor(elements, OneDnn.SMALL_ELEMENTS);
  }

  private static memory unbound(memory.desc desc) {
    return new memory(desc, OneDnn.engine(), (Pointer) null);
  }

  /** The forward primitive of one batch size and its tensors; backward built on first use. */
  private final class Plan {
    final long n;
    final boolean blocked;
    final int threads;
    final memory.desc data;
    final memory.desc channels;
    final batch_normalization_forward.primitive_desc forwardDesc;
    final batch_normalization_forward forward;
    final memory src;
    final memory dst;
    final memory scale;
    final memory shift;
    final memory mean;
    final memory variance;
    final IntMemoryMap forwardArgs;
    private Backward backward;

    Plan(long n, boolean blocked) {
      this.n = n;
      this.blocked = blocked;
      this.threads = threads(n);
      long[] dims = new long[perExample.length + 1];
      dims[0] = n;
      System.arraycopy(perExample, 0, dims, 1, perExample.length);
      this.data = OneDnn.desc(dims,
          dims.length != 4 ? memory.format_tag.nc
              : blocked ? memory.format_tag.nChw16c : memory.format_tag.nchw);
      this.channels = OneDnn.desc(new long[] {perExample[0]}, memory.format_tag.x);
      this.forwardDesc = new batch_normalization_forward.primitive_desc(
          new batch_normalization_forward.desc(prop_kind.forward_training.value, data, epsilon,
              dnnl_use_scale | dnnl_use_shift),
          OneDnn.engine());
      this.forward = new batch_normalization_forward(forwardDesc);
      src = unbound(data);
      dst = unbound(data);
      scale = unbound(channels);
      shift = unbound(channels);
      mean = unbound(channels);
      variance = unbound(channels);
      forwardArgs = OneDnn.args(DNNL_ARG_SRC, src, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift,
          DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_DST, dst);
    }

    Backward backward() {
      if (backward == null) {
        backward = OneDnn.build("batch normalization backward", threads,
            () -> new Backward(this));
      }
      return backward;
    }
  }

  /** The backward primitive of one batch size (data and scale/shift gradients) and its tensors. */
  private final class Backward {
    final batch_normalization_backward primitive;
    final memory src;
    final memory mean;
    final memory variance;
    final memory scale;
    final memory shift;
    final memory diffDst;
    final memory diffSrc;
    final memory diffScale;
    final memory diffShift;
    final IntMemoryMap args;

    Backward(Plan p) {
      batch_normalization_backward.primitive_desc desc =
          new batch_normalization_backward.primitive_desc(
              new batch_normalization_backward.desc(prop_kind.backward.value, p.data, p.data,
                  epsilon, dnnl_use_scale | dnnl_use_shift),
              OneDnn.engine(), p.forwardDesc);
      primitive = new batch_normalization_backward(desc);
      src = unbound(p.data);
      mean = unbound(p.channels);
      variance = unbound(p.channels);
      scale = unbound(p.channels);
      shift = unbound(p.channels);
      diffDst = unbound(p.data);
      diffSrc = unbound(p.data);
      diffScale = unbound(p.channels);
      diffShift = unbound(p.channels);
      // oneDNN 2.5 counts the shift among the backward's inputs when use_shift is set (it reads
      // nothing from it): without it execute fails with status 2, invalid arguments
      args = OneDnn.args(DNNL_ARG_SRC, src, DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance,
          DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift, DNNL_ARG_DIFF_DST, diffDst,
          DNNL_ARG_DIFF_SRC, diffSrc, DNNL_ARG_DIFF_SCALE, diffScale, DNNL_ARG_DIFF_SHIFT,
          diffShift);
    }
  }
}
