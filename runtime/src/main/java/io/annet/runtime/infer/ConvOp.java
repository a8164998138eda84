package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution (grouped for depthwise ones) with bias and what fused into it: its activation, a
 * batch normalisation that follows it (folded into its weights and bias), a residual sum it feeds
 * and the activation after that. Its
 * layouts are oneDNN's choice ({@code format_tag::any}): on AVX-512 the blocked {@code nChw16c},
 * which the next convolution, pooling or normalisation reads as it is.
 */
final class ConvOp extends PlanOp {
  private final INDArray weight;
  private final INDArray bias;
  private final int groups;
  private final long[] strides;
  private final long[] padLeft;
  private final long[] padRight;
  private final long[] weightDims;
  final PostOps post = new PostOps();
  /** The other operand of a residual sum fused into this convolution; null without one. */
  private PlanTensor sumOperand;
  /** The batch normalisation folded into this convolution; null without one. */
  private NormOp norm;

  ConvOp(PlanTensor x, INDArray weight, INDArray bias, int groups, long[] strides,
      long[][] pads) {
    super(List.of(x));
    this.weight = weight;
    this.bias = bias;
    this.groups = groups;
    this.strides = strides.clone();
    this.padLeft = pads[0].clone();
    this.padRight = pads[1].clone();
    long[] w = weight.shape(); // [F, C / groups, kh, kw]
    this.weightDims = groups == 1 ? w.clone()
        : new long[] {groups, w[0] / groups, w[1], w[2], w[3]};
  }

  /** Whether a batch normalisation can still fold in: nothing follows the convolution yet. */
  boolean acceptsNorm() {
    return post.isEmpty() && norm == null;
  }

  /**
   * Folds {@code norm} in: the weights are scaled per output channel as they are reordered, the
   * bias becomes {@code scale * bias + shift}, and its activation follows as a post-op.
   */
  void fold(NormOp norm) {
    this.norm = norm;
    post.activation(norm.activation);
  }

  /** Whether a residual sum can still fuse: no activation or sum follows yet. */
  boolean acceptsSum() {
    return !post.activates() && !post.sums();
  }

  /** Fuses the residual sum with {@code other}: the destination starts as a copy of it. */
  void sum(PlanTensor other) {
    this.sumOperand = other;
    post.sum();
  }

  private long channels() {
    return weight.size(0);
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    long[] s = x.dims;
    long[] d = output.dims;
    long flops = 2L * PlanCompiler.product(d) * PlanCompiler.product(weight.shape())
        / weight.size(0);
    // a convolution reading fewer than 16 channels per group runs at a quarter of the speed or
    // less (measured: 1 -> 16 channels at 40 GFLOP/s, 16 -> 16 at 150), so its time, which
    // decides whether waking a second thread pays, is that of 4x the operations
    long effort = weight.size(1) < 16 ? 4 * flops : flops;
    int threads = c.threadsForFlops(effort);
    primitive_attr attr = post.attributes(c);
    boolean blockedIn = BLOCKED_STEM && PlanCompiler.blocked16(x);
    boolean blockedOut = BLOCKED_STEM && d.length == 4 && channels() % 16 == 0 && (blockedIn
        || groups == 1 && weight.size(1) < 16 && sumOperand == null && c.onlyPooled(output));
    memory.desc srcDesc = blockedIn ? x.memory.get_desc() : any(s);
    memory.desc dstDesc = blockedOut ? PlanCompiler.desc(d, memory.format_tag.nChw16c) : any(d);
    convolution_forward.desc desc = bias != null || norm != null
        ? new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
            srcDesc, any(weightDims), any(new long[] {channels()}), dstDesc, strides, padLeft,
            padRight)
        : new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
            srcDesc, any(weightDims), dstDesc, strides, padLeft, padRight);
    c.natives.add(desc);
    convolution_forward.primitive_desc pd = c.build(threads,
        () -> new convolution_forward.primitive_desc(desc, attr, c.engine));
    memory src = c.in(x, pd.src_desc());
    memory.format_tag tag = groups == 1 ? memory.format_tag.oihw : memory.format_tag.goihw;
    memory w;
    memory b;
    if (norm == null) {
      w = c.parameter(weight, weightDims, tag, pd.weights_desc());
      b = bias == null ? null
          : c.parameter(bias, new long[] {channels()}, memory.format_tag.x, pd.bias_desc());
    } else {
      memory.desc perChannel = PlanCompiler.desc(new long[] {channels()}, memory.format_tag.a);
      if (!pd.bias_desc().equals(perChannel)) {
        throw new PlanException("a convolution's bias is not a dense vector");
      }
      memory scale = c.own(perChannel);
      b = c.own(perChannel);
      c.weightStep(norm.fold(scale, b, bias));
      // output channel = dimension 0 of oihw, dimensions 0 and 1 of goihw
      w = c.scaledParameter(weight, weightDims, tag, pd.weights_desc(), scale,
          groups == 1 ? 1 : 3);
    }
    List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, w));
    if (b != null) {
      args.addAll(List.of(DNNL_ARG_BIAS, b));
    }
    memory dst = destination(c, pd.dst_desc());
    args.addAll(List.of(DNNL_ARG_DST, dst));
    convolution_forward p = c.build(threads, () -> new convolution_forward(pd));
    c.run(p, pd, threads, args.toArray());
    c.produce(output, dst);
  }

  /**
   * The destination: a new memory, or with a fused sum the other operand's own memory when
   * nothing reads it after this convolution (the sum then adds in place), else a copy of it.
   */
  private memory destination(PlanCompiler c, memory.desc wanted) {
    if (sumOperand == null) {
      return c.own(wanted);
    }
    if (!sumOperand.rebound && !sumOperand.aliased && sumOperand.memory.get_desc().equals(wanted)
        && c.readBefore(sumOperand, index)) {
      return sumOperand.memory;
    }
    memory dst = c.own(wanted);
    c.reorder(sumOperand.memory, dst, sumOperand.elements());
    return dst;
  }

  /** {@code -Dannet.inferencePlan.blockedStem=false} leaves every layout to oneDNN. */
  static final boolean BLOCKED_STEM =
      !"false".equalsIgnoreCase(System.getProperty("annet.inferencePlan.blockedStem"));

  private static memory.desc any(long[] dims) {
    return PlanCompiler.desc(dims, memory.format_tag.any);
  }
}
