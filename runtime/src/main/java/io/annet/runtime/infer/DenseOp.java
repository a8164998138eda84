package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.annet.dsl.Activation;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer as oneDNN's inner product with its activation as a post-op. A pooled input {@code
 * [N, C, 1, 1]} is read as it lies (blocked included), with the weight {@code [units, C]} seen as
 * {@code [units, C, 1, 1]}: no flattening copy.
 */
final class DenseOp extends PlanOp {
  private final INDArray weight;
  private final INDArray bias;
  private final PostOps post = new PostOps();

  DenseOp(PlanTensor x, INDArray weight, INDArray bias, Activation activation) {
    super(List.of(x));
    this.weight = weight;
    this.bias = bias;
    post.activation(activation);
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    long units = weight.size(0);
    long[] weightDims = x.dims.clone();
    weightDims[0] = units;
    long[] d = output.dims;
    int threads = c.threadsForFlops(2L * d[0] * units * x.perExample());
    primitive_attr attr = post.attributes(c);
    memory.desc any = PlanCompiler.desc(weightDims, memory.format_tag.any);
    inner_product_forward.desc desc = bias != null
        ? new inner_product_forward.desc(prop_kind.forward_inference, x.memory.get_desc(), any,
            PlanCompiler.desc(new long[] {units}, memory.format_tag.any),
            PlanCompiler.desc(d, memory.format_tag.any))
        : new inner_product_forward.desc(prop_kind.forward_inference, x.memory.get_desc(), any,
            PlanCompiler.desc(d, memory.format_tag.any));
    c.natives.add(desc);
    inner_product_forward.primitive_desc pd =
        c.build(threads, () -> new inner_product_forward.primitive_desc(desc, attr, c.engine));
    memory src = c.in(x, pd.src_desc());
    memory w = c.parameter(weight, weightDims, PlanCompiler.plainTag(weightDims.length),
        pd.weights_desc());
    List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, w));
    if (bias != null) {
      args.addAll(List.of(DNNL_ARG_BIAS,
          c.parameter(bias, new long[] {units}, memory.format_tag.a, pd.bias_desc())));
    }
    memory dst = c.own(pd.dst_desc());
    args.addAll(List.of(DNNL_ARG_DST, dst));
    inner_product_forward p = c.build(threads, () -> new inner_product_forward(pd));
    c.run(p, pd, threads, args.toArray());
    c.produce(output, dst);
  }
}
