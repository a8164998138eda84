package io.annet.runtime.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float32 2-D convolution plus bias and activation on oneDNN's primitives (the activation fused
 * into the forward pass as a post-op), built once per batch size and reused: input
 * {@code [N, C, H, W]} and weight {@code [F, C, kh, kw]} give {@code [N, F, H', W']} by the same
 * {@link Window} rule as {@link ConvLayer} (SAME's extra row/column below/right). Arrays stay in
 * ND4J's plain c-order layout; oneDNN's blocked layouts live in scratch memories of the plan.
 */
final class OneDnnConv implements ConvBackend {
  private final long[] srcDims;
  private final long[] weightDims;
  private final memory.format_tag weightTag;
  private final long[] biasDims;
  private final long[] dstDims;
  private final long[] strides;
  private final long[] padLeft;
  private final long[] padRight;
  private final boolean hasBias;
  private final Activation activation;
  private final long flopsPerExample;
  private final boolean winograd;
  private final stream stream;
  private final ConvBackend fallback;
  private final Map<Long, Plan> plans = new HashMap<>();
  private Plan plan;
  private int layout; // BlockedLayout bits of the calls to come: which user tensors are nChw16c

  /**
   * A convolution of {@code [C, H, W]} inputs to {@code filters} maps with {@code window}, its
   * forward followed in the same pass by {@code activation} unless that is IDENTITY; {@code
   * fallback} computes it if oneDNN refuses a batch's shape.
   */
  OneDnnConv(int[] inputShape, int filters, Window window, boolean bias, Activation activation,
      ConvBackend fallback) {
    this(inputShape, filters, window, bias, activation, fallback, 1);
  }

  /**
   * The same as a grouped convolution: the {@code C} input channels and the {@code filters} in
   * {@code groups} groups, group {@code g}'s filters seeing only its channels; the weight {@code
   * [filters, C / groups, kh, kw]} is oneDNN's {@code goihw} as it lies in memory. With {@code
   * groups = C} it is a depthwise convolution of {@code filters / C} filters per channel ({@link
   * DepthwiseConvLayer}).
   */
  OneDnnConv(int[] inputShape, int filters, Window window, boolean bias, Activation activation,
      ConvBackend fallback, int groups) {
    if (inputShape[0] % groups != 0 || filters % groups != 0) {
      throw new IllegalArgumentException("expected channels " + inputShape[0] + " and filters "
          + filters + " divisible by the " + groups + " groups");
    }
    this.activation = activation;
    this.fallback = fallback;
    int h = inputShape[1];
    int w = inputShape[2];
    int oh = window.outputHeight(h);
    int ow = window.outputWidth(w);
    long[][] pads = OneDnn.padding(window, h, w);
    this.srcDims = new long[] {0, inputShape[0], h, w};
    int kh = window.kernelHeight();
    int kw = window.kernelWidth();
    this.weightDims = groups == 1 ? new long[] {filters, inputShape[0], kh, kw}
        : new long[] {groups, filters / groups, inputShape[0] / groups, kh, kw};
    this.weightTag = groups == 1 ? memory.format_tag.oihw : memory.format_tag.goihw;
    this.biasDims = new long[] {filters};
    this.dstDims = new long[] {0, filters, oh, ow};
    this.strides = new long[] {window.strideHeight(), window.strideWidth()};
    this.padLeft = pads[0];
    this.padRight = pads[1];
    this.hasBias = bias;
    this.flopsPerExample = 2L * oh * ow * filters * (inputShape[0] / groups) * kh * kw;
    this.stream = new stream(OneDnn.engine());
    this.winograd = groups == 1 && kh == 3 && kw == 3 && strides[0] == 1 && strides[1] == 1
        && inputShape[0] >= WINOGRAD_MIN_CHANNELS && filters >= WINOGRAD_MIN_CHANNELS;
  }

  /**
   * 3x3 stride-1 convolutions with at least this many input and output channels ask oneDNN for
   * its Winograd F(4x4, 3x3) algorithm (direct if it refuses the shape). Measured in the training
   * step (session 7): NIN-CIFAR's 192->192 on 7x7 maps 19.8 -> 15.8 ms forward and both backward
   * passes, while ResNetCifar's and InceptionMnist's 3x3 convolutions (16-64 channels), which
   * oneDNN's own {@code convolution_auto} also sends to Winograd, got slower (32-34 -> 37-38 ms).
   */
  static final int WINOGRAD_MIN_CHANNELS = 128;

  @Override
  public ConvLayer.Path path() {
    return ConvLayer.Path.ONEDNN;
  }

  @Override
  public boolean fusesActivation() {
    return true;
  }

  @Override
  public boolean skipsInputGradient() {
    return true;
  }

  @Override
  public ConvBackend fallback() {
    return fallback;
  }

  /**
   * Sets which user tensors the calls to come read and write in {@code nChw16c} ({@link
   * BlockedLayout#INPUT}: the input and its gradient; {@link BlockedLayout#OUTPUT}: the output
   * and its gradient); 0, the default, is plain NCHW. Each layout has its own primitives.
   */
  @Override
  public boolean layout(int bits) {
    this.layout = bits;
    return true;
  }

  /** Builds the batch size's forward primitives, and its backward ones for a backward. */
  @Override
  public void prepare(INDArray batch, boolean backward) {
    Plan p = plan(batch.size(0));
    if (backward) {
      p.backward();
    }
  }

  /** {@code y = f(conv(x, w) + b)}; every array c-order and contiguous, {@code y} preallocated. */
  @Override
  public void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
    long n = x.size(0);
    int previous = OneDnn.limitThreads(threads(n));
    try {
      forward(plan(n), x, w, b, z);
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private void forward(Plan p, INDArray x, INDArray w, INDArray b, INDArray z) {
    p.src.in(stream, x);
    p.weights.in(stream, w);
    if (hasBias) {
      p.bias.in(stream, b);
    }
    p.dst.bind(z);
    p.forward.execute(stream, p.forwardArgs);
    p.dst.out(stream);
  }

  /**
   * Sets {@code dw} and {@code db} from {@code dz}, and {@code dx} unless it is null (the first
   * layer needs no input gradient).
   */
  @Override
  public void backward(INDArray x, INDArray w, INDArray b, INDArray dz, INDArray dx, INDArray dw,
      INDArray db) {
    long n = x.size(0);
    int previous = OneDnn.limitThreads(threads(n));
    try {
      Plan p = plan(n);
      backward(p, p.backward(), x, w, dz, dx, dw, db);
    } finally {
      OneDnn.restoreThreads(previous);
    }
  }

  private void backward(Plan p, Backward bp, INDArray x, INDArray w, INDArray dz, INDArray dx,
      INDArray dw, INDArray db) {
    if (dx != null) {
      bp.diffDst.in(stream, dz);
      if (!p.weights.holds(w)) { // not the array this batch size's forward read last
        p.weights.in(stream, w);
      }
      bp.weights.refresh(stream);
      bp.diffSrc.bind(dx);
      bp.data.execute(stream, bp.dataArgs);
      bp.diffSrc.out(stream);
    }
    // the forward's copy of x, and backward-data's copy of dz, when the layouts agree
    if (!bp.src.holds(x)) {
      bp.src.in(stream, x);
    }
    if (dx == null || bp.diffDstForWeights != bp.diffDst) {
      bp.diffDstForWeights.in(stream, dz);
    }
    bp.diffWeights.bind(dw);
    if (hasBias) {
      bp.diffBias.bind(db);
    }
    bp.weightsGrad.execute(stream, bp.weightsArgs);
    bp.diffWeights.out(stream);
    if (hasBias) {
      bp.diffBias.out(stream);
    }
  }

  /** Whether the last batch size's primitives compute by Winograd (else directly). */
  boolean winograd() {
    return plan != null && plan.alg == algorithm.convolution_winograd;
  }

  /**
   * Whether the last batch size's backward-data pass reads the forward's blocked weights as they
   * are (their formats agree: Winograd) rather than a reorder of them.
   */
  boolean sharesForwardWeights() {
    return plan != null && plan.backward != null && plan.backward.weights.shared();
  }

  /** The OpenMP threads a call on a batch of {@code n} runs with. */
  private int threads(long n) {
    return OneDnn.threadsFor(n * flopsPerExample, OneDnn.SMALL_FLOPS);
  }

  private Plan plan(long n) {
    if (plan == null || plan.n != n || plan.layout != layout) {
      int bits = layout;
      plan = plans.computeIfAbsent(n * 4 + bits,
          k -> OneDnn.build("convolution", threads(n), () -> new Plan(n, bits)));
    }
    return plan;
  }

  private static memory.format_tag tag(int bits, int bit) {
    return (bits & bit) != 0 ? memory.format_tag.nChw16c : memory.format_tag.nchw;
  }

  /** The fused activation as a post-op of the forward primitive. */
  private primitive_attr attributes() {
    primitive_attr attr = new primitive_attr();
    if (activation != Activation.IDENTITY) {
      post_ops ops = new post_ops();
      switch (activation) {
        case RELU -> ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
        case LEAKY_RELU ->
            ops.append_eltwise(1f, algorithm.eltwise_relu, (float) Activation.LEAKY_SLOPE, 0f);
        case TANH -> ops.append_eltwise(1f, algorithm.eltwise_tanh, 0f, 0f);
        case SIGMOID -> ops.append_eltwise(1f, algorithm.eltwise_logistic, 0f, 0f);
        default -> throw new IllegalStateException("no post-op for " + activation);
      }
      attr.set_post_ops(ops);
    }
    return attr;
  }

  private static long[] batch(long[] dims, long n) {
    long[] d = dims.clone();
    d[0] = n;
    return d;
  }

  private static memory.desc any(long[] dims) {
    return OneDnn.desc(dims, memory.format_tag.any);
  }

  /** The forward primitive and its tensors for one batch size; backward built on first use. */
  private final class Plan {
    final long n;
    final int layout;
    final memory.format_tag srcTag;
    final memory.format_tag dstTag;
    final algorithm alg;
    final convolution_forward.primitive_desc forwardDesc;
    final convolution_forward forward;
    final OneDnn.Port src;
    final OneDnn.Port weights;
    final OneDnn.Port bias;
    final OneDnn.Port dst;
    final IntMemoryMap forwardArgs;
    private Backward backward;

    Plan(long n, int layout) {
      this.n = n;
      this.layout = layout;
      this.srcTag = tag(layout, BlockedLayout.INPUT);
      this.dstTag = tag(layout, BlockedLayout.OUTPUT);
      long[] s = batch(srcDims, n);
      long[] d = batch(dstDims, n);
      algorithm chosen = algorithm.convolution_direct;
      convolution_forward.primitive_desc pd = null;
      if (winograd) {
        try {
          pd = forwardDesc(algorithm.convolution_winograd, s, d);
          chosen = algorithm.convolution_winograd;
        } catch (RuntimeException e) { // oneDNN has no Winograd for this shape: direct
          pd = null;
        }
      }
      this.alg = chosen;
      forwardDesc = pd != null ? pd : forwardDesc(chosen, s, d);
      forward = new convolution_forward(forwardDesc);
      src = new OneDnn.Port(s, srcTag, forwardDesc.src_desc());
      weights = new OneDnn.Port(weightDims, weightTag, forwardDesc.weights_desc());
      bias = hasBias ? new OneDnn.Port(biasDims, memory.format_tag.x, forwardDesc.bias_desc())
          : null;
      dst = new OneDnn.Port(d, dstTag, forwardDesc.dst_desc());
      forwardArgs = hasBias
          ? OneDnn.args(DNNL_ARG_SRC, src.inner(), DNNL_ARG_WEIGHTS, weights.inner(),
              DNNL_ARG_BIAS, bias.inner(), DNNL_ARG_DST, dst.inner())
          : OneDnn.args(DNNL_ARG_SRC, src.inner(), DNNL_ARG_WEIGHTS, weights.inner(),
              DNNL_ARG_DST, dst.inner());
    }

    private convolution_forward.primitive_desc forwardDesc(algorithm a, long[] s, long[] d) {
      convolution_forward.desc desc = hasBias
          ? new convolution_forward.desc(prop_kind.forward_training, a, any(s), any(weightDims),
              any(biasDims), any(d), strides, padLeft, padRight)
          : new convolution_forward.desc(prop_kind.forward_training, a, any(s), any(weightDims),
              any(d), strides, padLeft, padRight);
      return new convolution_forward.primitive_desc(desc, attributes(), OneDnn.engine());
    }

    Backward backward() {
      if (backward == null) {
        backward = OneDnn.build("convolution backward", threads(n), () -> new Backward(this));
      }
      return backward;
    }
  }

  /** The backward-data and backward-weights primitives of one batch size, and their tensors. */
  private final class Backward {
    final convolution_backward_data data;
    final OneDnn.Port diffDst;
    final OneDnn.Derived weights; // the forward's blocked weights, or a copy in this format
    final OneDnn.Port diffSrc;
    final IntMemoryMap dataArgs;
    final convolution_backward_weights weightsGrad;
    final OneDnn.Port src;
    final OneDnn.Port diffDstForWeights;
    final OneDnn.Port diffWeights;
    final OneDnn.Port diffBias;
    final IntMemoryMap weightsArgs;

    Backward(Plan p) {
      long[] s = batch(srcDims, p.n);
      long[] d = batch(dstDims, p.n);
      convolution_backward_data.primitive_desc dataDesc =
          new convolution_backward_data.primitive_desc(
              new convolution_backward_data.desc(p.alg, any(s),
                  any(weightDims), any(d), strides, padLeft, padRight),
              OneDnn.engine(), p.forwardDesc);
      data = new convolution_backward_data(dataDesc);
      diffDst = new OneDnn.Port(d, p.dstTag, dataDesc.diff_dst_desc());
      // from the forward's copy (the step's forward read the same array): one reorder between
      // blocked formats, or none, instead of one from the plain array
      weights = new OneDnn.Derived(p.weights.inner(), dataDesc.weights_desc());
      diffSrc = new OneDnn.Port(s, p.srcTag, dataDesc.diff_src_desc());
      dataArgs = OneDnn.args(DNNL_ARG_DIFF_DST, diffDst.inner(), DNNL_ARG_WEIGHTS, weights.inner(),
          DNNL_ARG_DIFF_SRC, diffSrc.inner());
      convolution_backward_weights.desc wd = hasBias
          ? new convolution_backward_weights.desc(p.alg, any(s),
              any(weightDims), any(biasDims), any(d), strides, padLeft, padRight)
          : new convolution_backward_weights.desc(p.alg, any(s),
              any(weightDims), any(d), strides, padLeft, padRight);
      convolution_backward_weights.primitive_desc weightsDesc =
          new convolution_backward_weights.primitive_desc(wd, OneDnn.engine(), p.forwardDesc);
      weightsGrad = new convolution_backward_weights(weightsDesc);
      src = weightsDesc.src_desc().equals(p.forwardDesc.src_desc()) ? p.src
          : new OneDnn.Port(s, p.srcTag, weightsDesc.src_desc());
      diffDstForWeights = weightsDesc.diff_dst_desc().equals(dataDesc.diff_dst_desc()) ? diffDst
          : new OneDnn.Port(d, p.dstTag, weightsDesc.diff_dst_desc());
      diffWeights =
          new OneDnn.Port(weightDims, weightTag, weightsDesc.diff_weights_desc());
      diffBias = hasBias
          ? new OneDnn.Port(biasDims, memory.format_tag.x, weightsDesc.diff_bias_desc())
          : null;
      weightsArgs = hasBias
          ? OneDnn.args(DNNL_ARG_SRC, src.inner(), DNNL_ARG_DIFF_DST, diffDstForWeights.inner(),
              DNNL_ARG_DIFF_WEIGHTS, diffWeights.inner(), DNNL_ARG_DIFF_BIAS, diffBias.inner())
          : OneDnn.args(DNNL_ARG_SRC, src.inner(), DNNL_ARG_DIFF_DST, diffDstForWeights.inner(),
              DNNL_ARG_DIFF_WEIGHTS, diffWeights.inner());
    }
  }
}
