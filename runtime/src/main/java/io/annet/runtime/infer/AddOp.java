package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;

import io.annet.dsl.Activation;
import java.util.List;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;

/**
 * The sum of two or more tensors, then an activation: fused into the convolution producing one
 * operand when it can be ({@link ConvOp#sum}); else binary additions in the first operand's
 * layout, the activation a post-op of the last.
 */
final class AddOp extends PlanOp {
  final Activation activation;

  AddOp(List<PlanTensor> xs, Activation activation) {
    super(xs);
    this.activation = activation;
    PostOps.check(activation);
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor first = inputs.get(0);
    memory.desc layout = first.memory.get_desc();
    memory dst = c.own(layout);
    memory left = first.memory;
    for (int i = 1; i < inputs.size(); i++) {
      PlanTensor x = inputs.get(i);
      memory right = c.in(x, layout);
      PostOps post = new PostOps();
      if (i == inputs.size() - 1) {
        post.activation(activation);
      }
      primitive_attr attr = post.attributes(c);
      int threads = c.threadsForElements(first.elements());
      binary.desc desc = new binary.desc(algorithm.binary_add, layout, layout, layout);
      c.natives.add(desc);
      binary.primitive_desc pd =
          c.build(threads, () -> new binary.primitive_desc(desc, attr, c.engine));
      binary p = c.build(threads, () -> new binary(pd));
      c.run(p, pd, threads, DNNL_ARG_SRC_0, left, DNNL_ARG_SRC_1, right, DNNL_ARG_DST, dst);
      left = dst;
    }
    c.produce(output, dst);
  }
}
