package io.annet.runtime.infer;

import java.util.List;
import org.bytedeco.dnnl.memory;

/**
 * Inputs joined along the channels: one buffer, each input reordered into its channel range (a
 * sub-memory). The buffer is blocked ({@code nChw16c}) when every range starts and ends on a
 * block of 16 channels, so that the convolutions after it read it without a reorder; else plain.
 */
final class ConcatOp extends PlanOp {
  private static final int BLOCK = 16;

  ConcatOp(List<PlanTensor> xs) {
    super(xs);
  }

  @Override
  void compile(PlanCompiler c) {
    long[] d = output.dims;
    boolean blocked = d.length == 4;
    for (PlanTensor x : inputs) {
      blocked &= x.dims[1] % BLOCK == 0;
    }
    memory.desc layout = PlanCompiler.desc(d,
        blocked ? memory.format_tag.nChw16c : PlanCompiler.plainTag(d.length));
    memory dst = c.own(layout);
    long offset = 0;
    for (PlanTensor x : inputs) {
      long[] offsets = new long[d.length];
      offsets[1] = offset;
      memory.desc part = layout.submemory_desc(x.dims, offsets);
      memory view = new memory(part, c.engine, dst.get_data_handle());
      c.natives.add(view);
      c.reorder(x.memory, view, x.elements());
      offset += x.dims[1];
    }
    c.produce(output, dst);
  }
}
