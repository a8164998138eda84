package io.annet.runtime.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float32 channel concatenation whose result is held in oneDNN's {@code nChw16c} ({@link
 * BlockedLayout}): each input is copied straight into its channel range of the blocked result, and
 * the result's gradient straight back out of it, by oneDNN reorders, one per run of channels that
 * stays inside one 16-channel block on both sides. No plain concatenation in between, and no
 * split: Inception's ranges (16 + 24 + 8 + 16 channels, starting at 0, 16, 40, 48) need not start
 * on a block. An input is read blocked when {@link #readBlocked} says so (its own channels a
 * multiple of 16), else plain NCHW: staged through {@code nChw8c} scratch when its channels are a
 * multiple of 8 ({@code Staging}), transposed run by run otherwise. Built once per batch size.
 *
 * <p>Every run is described as a 5-d view {@code [N, 1, H, W, lanes]}: of the blocked tensor
 * {@code [N, C/16, H, W, 16]} at the run's block and first lane, and of a plain input as {@code [N,
 * 1, H, W, Ci]} with the channel's stride in the last place.
 */
final class BlockedConcat {
  /** The channel block of the scratch a plain input is staged in. */
  private static final int STAGED = 8;

  private final int[] channels; // Ci of every input
  private final int total;
  private final long height;
  private final long width;
  private final boolean[] blockedInputs;
  private final stream stream = new stream(OneDnn.engine());
  private final Map<Long, Runs> byBatch = new HashMap<>();
  private Runs last;

  /** A concatenation of maps {@code [Ci, H, W]}, all of one H and W, with a multiple of 16 channels in all. */
  BlockedConcat(int[][] inputShapes) {
    this.channels = new int[inputShapes.length];
    int sum = 0;
    for (int i = 0; i < inputShapes.length; i++) {
      channels[i] = inputShapes[i][0];
      sum += channels[i];
    }
    if (!BlockedLayout.fits(sum)) {
      throw new IllegalArgumentException("a blocked concatenation needs a multiple of "
          + BlockedLayout.BLOCK + " channels, found " + sum);
    }
    this.total = sum;
    this.height = inputShapes[0][1];
    this.width = inputShapes[0][2];
    this.blockedInputs = new boolean[inputShapes.length];
  }

  /**
   * Says which inputs (and their gradients) come blocked; an input with a channel count that is
   * not a multiple of 16 stays plain whatever is asked. Returns whether anything changed.
   */
  boolean readBlocked(boolean[] blocked) {
    boolean changed = false;
    for (int i = 0; i < channels.length; i++) {
      boolean b = blocked != null && i < blocked.length && blocked[i]
          && BlockedLayout.fits(channels[i]);
      changed |= b != blockedInputs[i];
      blockedInputs[i] = b;
    }
    if (changed) {
      byBatch.clear();
      last = null;
    }
    return changed;
  }

  /** Whether input {@code i} is read blocked. */
  boolean blocked(int i) {
    return blockedInputs[i];
  }

  /** Copies every input (dense c-order) into its channel range of the blocked {@code out}. */
  void join(INDArray[] inputs, INDArray out) {
    run(inputs, out, true);
  }

  /** Copies every channel range of the blocked {@code gradOut} into the gradient of its input. */
  void split(INDArray gradOut, INDArray[] gradInputs) {
    run(gradInputs, gradOut, false);
  }

  private void run(INDArray[] parts, INDArray whole, boolean joining) {
    long n = whole.size(0);
    Runs r = runs(n);
    int previous = OneDnn.limitThreads(r.threads);
    try {
      for (int i = 0; joining && i < parts.length; i++) {
        if (r.staging[i] != null) {
          r.staging[i].plain.set_data_handle(parts[i].data().addressPointer());
          r.staging[i].toScratch.execute(stream, r.staging[i].toScratchArgs);
        }
      }
      for (Run run : r.list) {
        if (r.staging[run.input] == null) {
          run.part.set_data_handle(parts[run.input].data().addressPointer());
        }
        run.whole.set_data_handle(whole.data().addressPointer());
        if (joining) {
          run.join.execute(stream, run.joinArgs);
        } else {
          run.split.execute(stream, run.splitArgs);
        }
      }
      for (int i = 0; !joining && i < parts.length; i++) {
        if (r.staging[i] != null) {
          r.staging[i].plain.set_data_handle(parts[i].data().addressPointer());
          r.staging[i].fromScratch.execute(stream, r.staging[i].fromScratchArgs);
        }
      }
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private Runs runs(long n) {
    if (last == null || last.n != n) {
      int threads = OneDnn.threadsFor(n * total * height * width, OneDnn.SMALL_ELEMENTS);
      last = byBatch.computeIfAbsent(n,
          k -> OneDnn.build("concat reorder", threads, () -> new Runs(k, threads)));
    }
    return last;
  }

  /** The runs of one batch size, and the staging of the plain inputs that have one. */
  private final class Runs {
    final long n;
    final int threads;
    final List<Run> list = new ArrayList<>();
    final Staging[] staging = new Staging[channels.length];

    Runs(long n, int threads) {
      this.n = n;
      this.threads = threads;
      int block = BlockedLayout.BLOCK;
      memory.desc wholeDesc = OneDnn.desc(new long[] {n, total / block, height, width, block},
          memory.format_tag.abcde);
      int start = 0;
      for (int i = 0; i < channels.length; i++) {
        int ci = channels[i];
        int partBlock = blockedInputs[i] ? block : ci % STAGED == 0 ? STAGED : 0;
        memory.desc partDesc = partBlock != 0
            ? OneDnn.desc(new long[] {n, ci / partBlock, height, width, partBlock},
                memory.format_tag.abcde)
            : new memory.desc(new long[] {n, 1, height, width, ci}, memory.data_type.f32,
                new long[] {ci * height * width, ci * height * width, width, 1, height * width});
        if (partBlock == STAGED) {
          staging[i] = new Staging(new long[] {n, ci, height, width});
        }
        for (int c = 0; c < ci; ) { // c: the channel within input i
          int out = start + c;
          int end = Math.min(ci, c + block - out % block);
          if (partBlock != 0) {
            end = Math.min(end, c + partBlock - c % partBlock);
          }
          long lanes = end - c;
          long[] runDims = {n, 1, height, width, lanes};
          memory.desc part = partDesc.submemory_desc(runDims, partBlock != 0
              ? new long[] {0, c / partBlock, 0, 0, c % partBlock} : new long[] {0, 0, 0, 0, c});
          memory.desc whole = wholeDesc.submemory_desc(runDims,
              new long[] {0, out / block, 0, 0, out % block});
          list.add(new Run(i, part, whole,
              staging[i] == null ? null : staging[i].scratch.get_data_handle()));
          c = end;
        }
        start += ci;
      }
    }
  }

  /**
   * A plain input of a multiple of 8 channels, reordered as a whole into {@code nChw8c} scratch
   * (and its gradient back) by oneDNN's blocked-reorder kernel: its runs then copy 8-lane blocks,
   * several times faster than transposing each run out of the plain array.
   */
  private static final class Staging {
    final memory plain;
    final memory scratch;
    final reorder toScratch;
    final reorder fromScratch;
    final IntMemoryMap toScratchArgs;
    final IntMemoryMap fromScratchArgs;

    Staging(long[] dims) {
      plain = new memory(OneDnn.desc(dims, memory.format_tag.nchw), OneDnn.engine(),
          (Pointer) null);
      scratch = new memory(OneDnn.desc(dims, memory.format_tag.nChw8c), OneDnn.engine());
      toScratch = new reorder(plain, scratch);
      fromScratch = new reorder(scratch, plain);
      toScratchArgs = OneDnn.args(DNNL_ARG_FROM, plain, DNNL_ARG_TO, scratch);
      fromScratchArgs = OneDnn.args(DNNL_ARG_FROM, scratch, DNNL_ARG_TO, plain);
    }
  }

  /** One run of channels: its two views and the reorders between them. */
  private static final class Run {
    final int input;
    final memory part;
    final memory whole;
    final reorder join;
    final reorder split;
    final IntMemoryMap joinArgs;
    final IntMemoryMap splitArgs;

    Run(int input, memory.desc partDesc, memory.desc wholeDesc, Pointer staged) {
      this.input = input;
      this.part = new memory(partDesc, OneDnn.engine(), staged);
      this.whole = new memory(wholeDesc, OneDnn.engine(), (Pointer) null);
      this.join = new reorder(part, whole);
      this.split = new reorder(whole, part);
      this.joinArgs = OneDnn.args(DNNL_ARG_FROM, part, DNNL_ARG_TO, whole);
      this.splitArgs = OneDnn.args(DNNL_ARG_FROM, whole, DNNL_ARG_TO, part);
    }
  }
}
