package io.annet.runtime.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies float32 maps {@code [N, C, H, W]} between plain NCHW and oneDNN's {@code nChw16c}
 * ({@link BlockedLayout}) with oneDNN's reorders, built once per batch size: for a layer that
 * computes on plain arrays but hands a blocked tensor on (a concatenation).
 */
final class BlockedCopy {
  private final long[] perExample;
  private final stream stream = new stream(OneDnn.engine());
  private final Map<Long, Reorders> byBatch = new HashMap<>();
  private Reorders last;

  /** Copies of per-example maps {@code [C, H, W]}. */
  BlockedCopy(int[] perExample) {
    this.perExample = BatchBuffer.toLong(perExample);
  }

  /** Copies the plain {@code from} into the blocked {@code to}. */
  void toBlocked(INDArray from, INDArray to) {
    run(from, to, true);
  }

  /** Copies the blocked {@code from} into the plain {@code to}. */
  void toPlain(INDArray from, INDArray to) {
    run(from, to, false);
  }

  private void run(INDArray from, INDArray to, boolean blocking) {
    long n = from.size(0);
    int previous = OneDnn.limitThreads(OneDnn.threadsFor(from.length(), OneDnn.SMALL_ELEMENTS));
    try {
      Reorders r = reorders(n);
      memory src = blocking ? r.plain : r.blocked;
      memory dst = blocking ? r.blocked : r.plain;
      src.set_data_handle(from.data().addressPointer());
      dst.set_data_handle(to.data().addressPointer());
      (blocking ? r.toBlocked : r.toPlain).execute(stream, blocking ? r.toBlockedArgs : r.toPlainArgs);
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private Reorders reorders(long n) {
    if (last == null || last.n != n) {
      last = byBatch.computeIfAbsent(n, k -> OneDnn.build("reorder",
          OneDnn.threadsFor(k * perExample[0] * perExample[1] * perExample[2],
              OneDnn.SMALL_ELEMENTS), () -> new Reorders(k)));
    }
    return last;
  }

  /** The two memories (bound per call) and the reorders of one batch size. */
  private final class Reorders {
    final long n;
    final memory plain;
    final memory blocked;
    final reorder toBlocked;
    final reorder toPlain;
    final IntMemoryMap toBlockedArgs;
    final IntMemoryMap toPlainArgs;

    Reorders(long n) {
      this.n = n;
      long[] dims = {n, perExample[0], perExample[1], perExample[2]};
      plain = new memory(OneDnn.desc(dims, memory.format_tag.nchw), OneDnn.engine(),
          (Pointer) null);
      blocked = new memory(OneDnn.desc(dims, memory.format_tag.nChw16c), OneDnn.engine(),
          (Pointer) null);
      toBlocked = new reorder(plain, blocked);
      toPlain = new reorder(blocked, plain);
      toBlockedArgs = OneDnn.args(DNNL_ARG_FROM, plain, DNNL_ARG_TO, blocked);
      toPlainArgs = OneDnn.args(DNNL_ARG_FROM, blocked, DNNL_ARG_TO, plain);
    }
  }
}
