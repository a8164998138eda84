package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import io.annet.dsl.Activation;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;

/** An activation in place on a memory, for ops whose primitive cannot fuse it as a post-op. */
final class EltwiseStep {
  private EltwiseStep() {}

  /** Adds a step applying {@code activation} to {@code m} in place; nothing for IDENTITY. */
  static void add(PlanCompiler c, memory m, Activation activation, long elements) {
    if (activation == Activation.IDENTITY) {
      return;
    }
    int threads = c.threadsForElements(elements);
    eltwise_forward.primitive_desc pd = c.build(threads, () -> new eltwise_forward.primitive_desc(
        new eltwise_forward.desc(prop_kind.forward_inference, PostOps.algorithm(activation),
            m.get_desc(), PostOps.alpha(activation), 0f), c.attr(), c.engine));
    eltwise_forward p = c.build(threads, () -> new eltwise_forward(pd));
    c.run(p, pd, threads, DNNL_ARG_SRC, m, DNNL_ARG_DST, m);
  }
}
