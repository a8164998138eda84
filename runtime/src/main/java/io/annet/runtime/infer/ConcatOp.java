package io.annet.runtime.infer;

import java.util.List;
import org.bytedeco.dnnl.memory;

/**
 * Inputs joined along the channels: one buffer, each input reordered into its channel range (a
 * sub-memory). The buffer is blocked by 16 channels ({@code nChw16c}, what the convolutions after
 * it read without a reorder) when every range starts and ends on such a block, else by 8 when
 * that fits (Inception's 16 + 24 + 8 + 16), else plain.
 */
final class ConcatOp extends PlanOp {
  ConcatOp(List<PlanTensor> xs) {
    super(xs);
  }

  @Override
  void compile(PlanCompiler c) {
    long[] d = output.dims;
    memory.format_tag tag = d.length != 4 ? PlanCompiler.plainTag(d.length)
        : aligned(16) ? memory.format_tag.nChw16c
        : memory.format_tag.nhwc;
    memory.desc layout = PlanCompiler.desc(d, tag);
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

  /** Whether every input's channel count, hence every channel range, is a multiple of {@code block}. */
  private boolean aligned(int block) {
    return inputs.stream().allMatch(x -> x.dims[1] % block == 0);
  }
}
