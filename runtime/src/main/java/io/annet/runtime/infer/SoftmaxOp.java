package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import java.util.List;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.softmax_forward;

/**
 * Softmax over dimension 1 of {@code [N, classes]} or {@code [N, classes, 1, 1]} in the input's
 * layout; the network's final one writes the caller's result array directly when its layout is
 * the plain one.
 */
final class SoftmaxOp extends PlanOp {
  SoftmaxOp(PlanTensor x) {
    super(List.of(x));
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    memory src = x.memory;
    int threads = c.threadsForElements(x.elements());
    softmax_forward.desc desc =
        new softmax_forward.desc(prop_kind.forward_inference, src.get_desc(), 1);
    c.natives.add(desc);
    softmax_forward.primitive_desc pd =
        c.build(threads, () -> new softmax_forward.primitive_desc(desc, c.attr(), c.engine));
    memory dst = output == c.last && pd.dst_desc().equals(c.result.get_desc()) ? c.result
        : c.own(pd.dst_desc());
    softmax_forward p = c.build(threads, () -> new softmax_forward(pd));
    c.run(p, pd, threads, DNNL_ARG_SRC, src, DNNL_ARG_DST, dst);
    c.produce(output, dst);
  }
}
