package io.annet.runtime.infer;

import java.util.List;
import org.bytedeco.dnnl.memory;

/**
 * {@code [N, C, H, W]} read as {@code [N, C * H * W]} in c-order: the input in the plain layout
 * (a reorder when it was blocked, a copy when its memory is re-pointed per call), then a second
 * descriptor on the same data.
 */
final class FlattenOp extends PlanOp {
  FlattenOp(PlanTensor x) {
    super(List.of(x));
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    memory plain;
    if (x.rebound) {
      plain = c.own(PlanCompiler.desc(x.dims, PlanCompiler.plainTag(x.dims.length)));
      c.reorder(x.memory, plain, x.elements());
    } else {
      plain = c.plain(x);
      x.aliased |= plain == x.memory;
    }
    memory flat = new memory(PlanCompiler.desc(output.dims, memory.format_tag.ab), c.engine,
        plain.get_data_handle());
    c.natives.add(flat);
    c.produce(output, flat);
  }
}
