package io.annet.runtime.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import io.annet.dsl.Window;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 max or average pooling (padding excluded from the mean) on oneDNN's primitives, built
 * once per batch size, on plain c-order {@code [N, C, H, W]} arrays: {@code [C, H, W] -> [C, H',
 * W']} by the {@link Window} rule. Max pooling's backward routes each gradient to the cell its
 * forward chose, which oneDNN records in a workspace per batch size: each forward returns a new
 * stamp for it, and a backward whose forward's workspace a later forward has overwritten first
 * replays its forward (from its saved input, into a scratch output) to restore it, so backwards
 * may come in any order.
 */
final class OneDnnPool implements PoolBackend {
  private final boolean max;
  private final long[] srcDims;
  private final long[] dstDims;
  private final long[] strides;
  private final long[] kernel;
  private final long[][] pads;
  private final stream stream;
  private final PoolBackend fallback;
  private final Map<Long, Plan> plans = new HashMap<>();
  private Plan plan;
  private long forwards; // the stamp of the latest forward
  private BatchBuffer replayOutput; // a replayed forward's output, allocated on the first replay
  private boolean blocked; // the calls to come read and write nChw16c maps

  /** Max or average pooling of {@code [C, H, W]} inputs; {@code fallback} if oneDNN refuses. */
  OneDnnPool(boolean max, int[] inputShape, Window window, PoolBackend fallback) {
    this.max = max;
    this.fallback = fallback;
    int h = inputShape[1];
    int w = inputShape[2];
    this.srcDims = new long[] {0, inputShape[0], h, w};
    this.dstDims = new long[] {0, inputShape[0], window.outputHeight(h), window.outputWidth(w)};
    this.strides = new long[] {window.strideHeight(), window.strideWidth()};
    this.kernel = new long[] {window.kernelHeight(), window.kernelWidth()};
    this.pads = OneDnn.padding(window, h, w);
    this.stream = new stream(OneDnn.engine());
  }

  /**
   * Whether the calls to come take their input and output maps (and gradients) in oneDNN's {@code
   * nChw16c}; a global pool's {@code [N, C, 1, 1]} output is then plain NCHW all the same.
   */
  @Override
  public boolean layout(boolean blocked) {
    this.blocked = blocked;
    return true;
  }

  @Override
  public PoolBackend fallback() {
    return fallback;
  }

  @Override
  public void prepare(INDArray batch, boolean backward) {
    plan(batch.size(0)); // forward and backward primitives together
  }

  /** {@code y = pool(x)}; returns the stamp of the workspace it wrote (max pooling). */
  @Override
  public long forward(INDArray x, INDArray y) {
    int previous = OneDnn.limitThreads(OneDnn.threadsFor(x.length(), OneDnn.SMALL_ELEMENTS));
    try {
      Plan p = plan(x.size(0));
      run(p, x, y);
      p.workspaceOf = ++forwards;
      return p.workspaceOf;
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private void run(Plan p, INDArray x, INDArray y) {
    p.src.set_data_handle(x.data().addressPointer());
    p.dst.set_data_handle(y.data().addressPointer());
    p.forward.execute(stream, p.forwardArgs);
  }

  /**
   * {@code dx} from {@code dy}, for the forward of {@code x} stamped {@code workspace}: max pooling
   * replays that forward first when a later one overwrote its workspace.
   */
  @Override
  public void backward(INDArray x, long workspace, INDArray dy, INDArray dx) {
    int previous = OneDnn.limitThreads(OneDnn.threadsFor(dx.length(), OneDnn.SMALL_ELEMENTS));
    try {
      Plan p = plan(dy.size(0));
      if (max && (workspace == NO_WORKSPACE || p.workspaceOf != workspace)) {
        if (replayOutput == null) {
          replayOutput = new BatchBuffer(dy.dataType(), Arrays.copyOfRange(dy.shape(), 1, 4));
        }
        run(p, x, replayOutput.get(dy.size(0)));
        p.workspaceOf = workspace;
      }
      p.diffDst.set_data_handle(dy.data().addressPointer());
      p.diffSrc.set_data_handle(dx.data().addressPointer());
      p.backward.execute(stream, p.backwardArgs);
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private Plan plan(long n) {
    if (plan == null || plan.n != n || plan.blocked != blocked) {
      boolean b = blocked;
      plan = plans.computeIfAbsent(n * 2 + (b ? 1 : 0), k -> OneDnn.build(
          "pooling",
          OneDnn.threadsFor(n * srcDims[1] * srcDims[2] * srcDims[3], OneDnn.SMALL_ELEMENTS),
          () -> new Plan(n, b)));
    }
    return plan;
  }

  /** The primitives, the user-array memories and the workspace of one batch size. */
  private final class Plan {
    final long n;
    final boolean blocked;
    long workspaceOf; // the stamp of the forward whose workspace this plan holds
    final memory src;
    final memory dst;
    final memory diffDst;
    final memory diffSrc;
    final pooling_forward forward;
    final pooling_backward backward;
    final IntMemoryMap forwardArgs;
    final IntMemoryMap backwardArgs;

    Plan(long n, boolean blocked) {
      this.n = n;
      this.blocked = blocked;
      long[] s = srcDims.clone();
      long[] d = dstDims.clone();
      s[0] = n;
      d[0] = n;
      memory.format_tag tag = blocked ? memory.format_tag.nChw16c : memory.format_tag.nchw;
      memory.desc srcDesc = OneDnn.desc(s, tag);
      memory.desc dstDesc = OneDnn.desc(d, tag);
      algorithm kind = max ? algorithm.pooling_max : algorithm.pooling_avg_exclude_padding;
      pooling_forward.primitive_desc forwardDesc = new pooling_forward.primitive_desc(
          new pooling_forward.desc(prop_kind.forward_training, kind, srcDesc, dstDesc, strides,
              kernel, pads[0], pads[1]), OneDnn.engine());
      pooling_backward.primitive_desc backwardDesc = new pooling_backward.primitive_desc(
          new pooling_backward.desc(kind, srcDesc, dstDesc, strides, kernel, pads[0], pads[1]),
          OneDnn.engine(), forwardDesc);
      forward = new pooling_forward(forwardDesc);
      backward = new pooling_backward(backwardDesc);
      src = new memory(srcDesc, OneDnn.engine(), (Pointer) null);
      dst = new memory(dstDesc, OneDnn.engine(), (Pointer) null);
      diffDst = new memory(dstDesc, OneDnn.engine(), (Pointer) null);
      diffSrc = new memory(srcDesc, OneDnn.engine(), (Pointer) null);
      if (max) {
        memory workspace = new memory(forwardDesc.workspace_desc(), OneDnn.engine());
        forwardArgs = OneDnn.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst,
            DNNL_ARG_WORKSPACE, workspace);
        backwardArgs = OneDnn.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc,
            DNNL_ARG_WORKSPACE, workspace);
      } else {
        forwardArgs = OneDnn.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst);
        backwardArgs = OneDnn.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc);
      }
    }
  }
}
