package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution plus bias and activation (kind {@code Conv}). Shape rule: {@code [C, H, W] ->
 * [filters, H', W']} with {@code H' = floor((H + 2 ph - kh) / sh) + 1}, or {@code ceil(H / sh)}
 * with SAME padding (the extra row/column of odd SAME padding goes below/right), see {@link
 * Window}; likewise W'. Weight {@code [filters, C, kh, kw]}, bias {@code [filters]}.
 *
 * <p>Forward: {@code z = conv2d(x, W) + b}, {@code y = f(z)}. Backward: {@code dz = dy * f'(z)},
 * then dx, dW, db, on the layer's one {@link ConvBackend}: float32 on oneDNN's primitives ({@link
 * OneDnnConv}, the activation fused into the forward pass and differentiated from {@code y});
 * double precision on libnd4j's {@code conv2d}/{@code conv2d_bp}, or GEMMs for 1x1 convolutions.
 * Output and gradient buffers are reused per batch size.
 */
public final class ConvLayer extends AffineKernel
    implements Kernel<ConvLayer.Saved>, InferencePlannable, BlockedTraining {

  /**
   * What backward needs.
   *
   * @param input the (c-order) input {@code [N, C, H, W]}
   * @param preActivation {@code z}, before the activation; null when the activation was fused
   *     into the convolution (the oneDNN path differentiates it from the output)
   * @param output {@code y = f(z)} (the same array as {@code z} for IDENTITY)
   */
  public record Saved(INDArray input, INDArray preActivation, INDArray output) implements Forward {}

  private final Window window;
  private ConvBackend backend; // its fallback for good once oneDNN refused a shape
  private BlockedLayout blockedScope; // null unless a network marked blocked layouts
  private int blocked; // BlockedLayout bits marked
  private boolean overwrites; // the step's output gradient is ours to write over
  private BlockedLayout deferredScope; // while active, the reader applied our activation's gradient

  /** A convolution with {@code filters} outputs, initialised from {@code init}. */
  public ConvLayer(
      String name, int[] inputShape, int filters, Window window, Activation activation,
      boolean bias, DataType dtype, Initializer init) {
    this(name, "Conv", inputShape, filters, window, activation, bias, dtype, init, true);
  }

  /**
   * The same with an explicit kind, and the choice of the GEMM path for 1x1 convolutions (tests
   * turn it off to compare the two paths).
   */
  ConvLayer(
      String name, String kind, int[] inputShape, int filters, Window window,
      Activation activation, boolean bias, DataType dtype, Initializer init,
      boolean pointwisePath) {
    this(name, kind, inputShape, filters, window, activation, bias, dtype, init,
        pointwisePath ? null : Path.NATIVE);
  }

  /** How the convolution is computed; see {@link ConvBackend#choose}. */
  enum Path {
    /** float32: oneDNN's primitives called directly, built once per batch size. */
    ONEDNN,
    /** libnd4j's conv2d and conv2d_bp (its own oneDNN, called per op; double included). */
    NATIVE,
    /** 1x1 only: one GEMM per example on NCHW views. */
    GEMM_PER_EXAMPLE,
    /** 1x1 only: the batch transposed to [C, N*H*W], one GEMM, transposed back. */
    GEMM_BATCHED
  }

  /** Maps of at least this many pixels take the per-example GEMMs; see {@link ConvBackend}. */
  static final int PER_EXAMPLE_MIN_PIXELS = ConvBackend.PER_EXAMPLE_MIN_PIXELS;

  /**
   * With an explicit path ({@code null}: chosen from the shape by {@link ConvBackend#choose});
   * a GEMM path on a layer that is not a 1x1, stride-1, unpadded convolution is an error.
   */
  ConvLayer(
      String name, String kind, int[] inputShape, int filters, Window window,
      Activation activation, boolean bias, DataType dtype, Initializer init, Path path) {
    super(name, kind, inputShape, dtype, activation);
    this.window = window;
    if (inputShape.length != 3 || filters < 1) {
      throw new ShapeMismatchException(
          name + ": a convolution needs an input [C, H, W] and filters >= 1, found "
              + Arrays.toString(inputShape) + " and " + filters + " filters");
    }
    int h = window.outputHeight(inputShape[1]);
    int w = window.outputWidth(inputShape[2]);
    if (h < 1 || w < 1) {
      throw new ShapeMismatchException(
          name + ": window " + window + " does not fit the input " + Arrays.toString(inputShape));
    }
    outputShape(filters, h, w);
    Window nativeWindow = NativeOps.resolve(name, window, inputShape[1], inputShape[2]);
    this.backend = ConvBackend.choose(name, path, dtype, inputShape, filters, window,
        nativeWindow, bias, activation);
    int c = inputShape[0];
    int kh = window.kernelHeight();
    int kw = window.kernelWidth();
    long[] weightShape = {filters, c, kh, kw};
    weights(
        init.weights(weightShape, (long) c * kh * kw, (long) filters * kh * kw, activation, dtype),
        bias, filters, inputShape);
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    Checks.batch(name, "input", input, inputShape, dtype);
    INDArray x = Checks.contiguous(input);
    long n = x.size(0);
    backend = Backend.ready(backend, x, false);
    useLayout();
    boolean identity = activation == Activation.IDENTITY;
    if (backend.fusesActivation()) { // the activation runs inside the convolution: no extra pass
      INDArray y = identity ? preActivationBuffer.get(n) : outputBuffer.get(n);
      backend.forward(x, weight, bias, y);
      return new Saved(x, identity ? y : null, y);
    }
    INDArray z = preActivationBuffer.get(n);
    backend.forward(x, weight, bias, z);
    INDArray y = activate(z, n);
    return new Saved(x, z, y);
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    return backward(saved, gradOutput, true);
  }

  /**
   * Sets the parameter gradients only: the first layer of a network, whose input gradient nobody
   * reads (on the oneDNN path this skips the backward-data convolution).
   */
  @Override
  public void backwardParameters(Saved saved, INDArray gradOutput) {
    backward(saved, gradOutput, false);
  }

  /**
   * The same for a {@code gradOutput} the caller owns and reads no more (an mlpconv block's
   * gradient between two of its convolutions): the activation's gradient may be written over it.
   */
  INDArray backwardOver(Saved saved, INDArray gradOutput, boolean inputGradient) {
    return backward(saved, gradOutput, inputGradient, true);
  }

  private INDArray backward(Saved saved, INDArray gradOutput, boolean inputGradient) {
    return backward(saved, gradOutput, inputGradient, overwrites
        && blockedScope != null && blockedScope.active());
  }

  private INDArray backward(Saved saved, INDArray gradOutput, boolean inputGradient,
      boolean overwrite) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    long n = dy.size(0);
    INDArray dz = deferredScope != null && deferredScope.active() ? dy
        : overwrite ? activationGradientOver(saved.preActivation(), saved.output(), dy, n)
        : activationGradient(saved.preActivation(), saved.output(), dy, n);
    backend = Backend.ready(backend, dz, true);
    useLayout();
    INDArray dx = inputGradient || !backend.skipsInputGradient() ? gradInputBuffer.get(n) : null;
    backend.backward(saved.input(), weight, bias, dz, dx, weightGrad, biasGrad);
    return dx;
  }

  /** Tells the backend the layouts of this call: the marked ones while the scope is active. */
  private void useLayout() {
    if (!backend.layout(BlockedLayout.of(blockedScope, blocked))) {
      throw new IllegalStateException(name + ": oneDNN refused this batch's convolution, whose"
          + " tensors the network's training step keeps in oneDNN's blocked layout");
    }
  }

  @Override
  public Role layoutRole() {
    return Role.CONVERTS;
  }

  @Override
  public boolean readsBlocked() {
    return backend.path() == Path.ONEDNN && BlockedLayout.fits(inputShape[0]);
  }

  @Override
  public boolean writesBlocked() {
    return backend.path() == Path.ONEDNN && BlockedLayout.fits(outputShape()[0]);
  }

  /** Its input's gradient is its own buffer. */
  @Override
  public boolean ownsInputGradient() {
    return true;
  }

  @Override
  public void allowOverwritingOutputGradient(boolean allowed) {
    this.overwrites = allowed;
  }

  /**
   * Whether its backward, in the network's training step, writes its activation's gradient over
   * its output's gradient (see {@link BlockedTraining#allowOverwritingOutputGradient}).
   */
  public boolean overwritesOutputGradient() {
    return overwrites;
  }

  /**
   * ReLU on oneDNN, differentiated from the output alone: its gradient can be applied by a max
   * pooling that reads the output, on the pooled output (see {@link
   * BlockedTraining#deferrableActivation}).
   */
  @Override
  public Activation deferrableActivation() {
    return activation == Activation.RELU && backend.path() == Path.ONEDNN
        && backend.fusesActivation() ? activation : null;
  }

  @Override
  public void deferActivationGradient(BlockedLayout scope) {
    this.deferredScope = scope;
  }

  /**
   * Whether its backward, in the network's training step, takes its output's gradient as its
   * activation's gradient already (the max pooling reading the output applied it).
   */
  public boolean defersActivationGradient() {
    return deferredScope != null;
  }

  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    this.overwrites = false;
    this.deferredScope = null;
    this.blockedScope = scope;
    this.blocked = (input ? BlockedLayout.INPUT : 0) | (output ? BlockedLayout.OUTPUT : 0);
    return scope != null && blocked != 0;
  }

  /** The path this layer computes with (NATIVE once oneDNN refused its shape). */
  Path path() {
    return backend.path();
  }

  /** The per-example input shape {@code [C, H, W]}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The sliding window. */
  public Window window() {
    return window;
  }

  @Override
  String describe() {
    return " " + window + super.describe();
  }

  /** A convolution with the activation as its post-op (oneDNN's padding of the window). */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return planConv(plan, inputs.get(0), name, inputShape, window, weight, bias, 1, activation,
        output());
  }

  /** The plan's convolution of a layer of {@code groups} groups (see {@link PlanBuilder#conv}). */
  static PlanTensor planConv(PlanBuilder plan, PlanTensor x, String name, int[] inputShape,
      Window window, org.nd4j.linalg.api.ndarray.INDArray weight,
      org.nd4j.linalg.api.ndarray.INDArray bias, int groups, Activation activation, int[] out) {
    if (!OneDnn.ordinary(window, inputShape[1], inputShape[2])) {
      throw PlanBuilder.unsupported(name + ": oneDNN does not take the window " + window);
    }
    return plan.conv(x, weight, bias, groups,
        new int[] {window.strideHeight(), window.strideWidth()},
        OneDnn.padding(window, inputShape[1], inputShape[2]), activation, out);
  }

  /** {@code Conv} (pads explicit, SAME as computed), then the activation as its own node. */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return OnnxNodes.conv(graph, name, inputs.get(0), inputShape, window, 1, weight, bias,
        activation);
  }
}
