package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import java.util.List;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;

/**
 * Max or average pooling (padding left out of the mean) on its input's layout as it is, blocked
 * included; global pooling is the window of the whole map, giving {@code [N, C, 1, 1]}.
 */
final class PoolOp extends PlanOp {
  private final boolean max;
  private final long[] kernel;
  private final long[] strides;
  private final long[] padLeft;
  private final long[] padRight;

  PoolOp(PlanTensor x, boolean max, long[] kernel, long[] strides, long[][] pads) {
    super(List.of(x));
    this.max = max;
    this.kernel = kernel.clone();
    this.strides = strides.clone();
    this.padLeft = pads[0].clone();
    this.padRight = pads[1].clone();
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    memory src = x.memory;
    int threads = c.threadsForElements(x.elements());
    algorithm kind = max ? algorithm.pooling_max : algorithm.pooling_avg_exclude_padding;
    pooling_forward.desc desc = new pooling_forward.desc(prop_kind.forward_inference, kind,
        src.get_desc(), PlanCompiler.desc(output.dims, memory.format_tag.any), strides, kernel,
        padLeft, padRight);
    c.natives.add(desc);
    pooling_forward.primitive_desc pd =
        c.build(threads, () -> new pooling_forward.primitive_desc(desc, c.attr(), c.engine));
    memory dst = c.own(pd.dst_desc());
    pooling_forward p = c.build(threads, () -> new pooling_forward(pd));
    c.run(p, pd, threads, DNNL_ARG_SRC, src, DNNL_ARG_DST, dst);
    c.produce(output, dst);
  }
}
