package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.runtime.Initializer;
import io.annet.runtime.NonFiniteValueException;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation (kind {@code BatchNorm}), per channel for maps {@code [C, H, W]} (statistics
 * over N, H, W) and per unit for vectors {@code [F]} (statistics over N). Shape rule: unchanged;
 * trainable {@code gamma}, {@code beta} {@code [C]} plus running {@code mean}, {@code var} {@code
 * [C]} that are not trained.
 *
 * <p>Forward in training: {@code y = gamma (x - mu) / sqrt(s2 + eps) + beta} with the batch mean
 * {@code mu} and biased variance {@code s2}, then {@code running = momentum running + (1 -
 * momentum) batch} (the variance bias-corrected by {@code m / (m - 1)}, m values per channel, as
 * PyTorch does). In inference: the running statistics instead. Backward after a training forward:
 * libnd4j's {@code batchnorm_bp} (the batch statistics depend on x); after an inference forward:
 * the plain affine gradient {@code dx = dy gamma / sqrt(var + eps)}. In float32 the training
 * forward and backward run on oneDNN's batch-normalization primitives instead ({@link
 * OneDnnBatchNorm}: statistics and normalisation in one pass, one backward pass for all three
 * gradients), libnd4j's ops staying the double-precision path and the fallback.
 *
 * <p>A training step creates no native object once the buffers for its batch size exist: the
 * statistics ({@code moments}), the normalisation, its gradient, the activation and the running
 * averages ({@code axpy}) each run on a reused op context. Only the rare backward after an
 * inference forward (gradient checks) allocates its temporaries.
 *
 * <p>In training, batch statistics that are NaN or infinite (inputs too large for the data type)
 * throw {@link NonFiniteValueException} naming the layer and channel, before the running statistics
 * change. The running statistics, their update, that check and the undo of a failed step's update
 * are a {@link RunningStatistics}.
 *
 * <p>An optional activation follows the normalisation, {@code y = f(bn(x))}, so that a
 * convolution without activation and bias, then {@code @BatchNorm(activation = RELU)}, is the
 * conv-BN-ReLU of Inception and ResNet; its backward runs first: {@code dL/dbn = dL/dy f'}.
 */
public final class BatchNormLayer extends KernelBase
    implements Kernel<BatchNormLayer.Saved>, Freezable, InferencePlannable, BlockedTraining {

  /**
   * What backward needs.
   *
   * @param input the c-order input
   * @param mean the statistics forward normalised with (batch or running)
   * @param variance likewise
   * @param normalized the normalised values before the activation (the output for IDENTITY)
   * @param output the output, {@code f(normalized)}
   * @param training whether the statistics were the batch's
   */
  public record Saved(
      INDArray input,
      INDArray mean,
      INDArray variance,
      INDArray normalized,
      INDArray output,
      boolean training)
      implements Forward {}

  private final int channels;
  private final int[] reduceDims;
  private final long perChannel;
  private final double epsilon;
  private final Activation activation;
  private final INDArray gamma;
  private final INDArray beta;
  private final RunningStatistics running;
  private final INDArray runningMean;
  private final INDArray runningVar;
  private final INDArray gammaGrad;
  private final INDArray betaGrad;
  private final INDArray batchMean;
  private final INDArray batchVar;
  private final INDArray unusedMeanGrad;
  private final INDArray unusedVarGrad;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer gradInputBuffer;
  private final BatchBuffer normalizedBuffer;
  private final BatchBuffer gradNormalizedBuffer;
  // one reused native call per call site, so a training step allocates nothing
  private final NativeCall moments;
  private final NativeCall normalize;
  private final NativeCall normalizeBackward;
  private final ActivationCall activationCall;
  private boolean frozen;
  // float32 training on oneDNN's batch-normalization primitives; null off that path, and for good
  // once oneDNN refused a batch's primitives
  private OneDnnBatchNorm oneDnn;
  private BlockedLayout blockedScope; // null unless a network marked this layer's maps blocked
  private boolean overwrites; // the step's output gradient is ours to write over

  /** A batch-norm layer with gamma 1, beta 0, running mean 0 and running variance 1. */
  public BatchNormLayer(
      String name, int[] inputShape, double momentum, double epsilon, DataType dtype) {
    this(name, inputShape, momentum, epsilon, Activation.IDENTITY, dtype);
  }

  /** The same, followed by {@code activation} (IDENTITY: none). */
  public BatchNormLayer(
      String name,
      int[] inputShape,
      double momentum,
      double epsilon,
      Activation activation,
      DataType dtype) {
    super(name, "BatchNorm", inputShape, dtype);
    if (inputShape.length != 1 && inputShape.length != 3) {
      throw new ShapeMismatchException(
          name + ": batch norm needs an input [C, H, W] or [F], found "
              + Arrays.toString(inputShape));
    }
    if (!(momentum >= 0 && momentum < 1) || !(epsilon > 0)) {
      throw new IllegalArgumentException(
          name + ": batch norm needs momentum in [0, 1) and epsilon > 0, found " + momentum
              + " and " + epsilon);
    }
    this.channels = inputShape[0];
    this.reduceDims = inputShape.length == 3 ? new int[] {0, 2, 3} : new int[] {0};
    this.perChannel = inputShape.length == 3 ? (long) inputShape[1] * inputShape[2] : 1;
    this.epsilon = epsilon;
    this.activation = activation;
    this.gamma = Initializer.ones(dtype, channels);
    this.beta = Initializer.zeros(dtype, channels);
    this.running = new RunningStatistics(name, channels, momentum, dtype);
    this.runningMean = running.mean();
    this.runningVar = running.variance();
    this.batchMean = Nd4j.zeros(dtype, channels);
    this.batchVar = Nd4j.zeros(dtype, channels);
    this.unusedMeanGrad = Nd4j.zeros(dtype, channels);
    this.unusedVarGrad = Nd4j.zeros(dtype, channels);
    this.gammaGrad = trainable("gamma", gamma);
    this.betaGrad = trainable("beta", beta);
    parameter("mean", runningMean, false);
    parameter("var", runningVar, false);
    outputShape(inputShape);
    this.outputBuffer = new BatchBuffer(dtype, inputShape);
    this.gradInputBuffer = new BatchBuffer(dtype, inputShape);
    this.normalizedBuffer = new BatchBuffer(dtype, inputShape);
    this.gradNormalizedBuffer = new BatchBuffer(dtype, inputShape);
    this.moments = new NativeCall("moments").ints(reduceDims); // biased variance
    // applyScale, applyOffset, axis 1 (channels)
    this.normalize = new NativeCall("batchnorm").ints(1, 1, 1).doubles(epsilon);
    this.normalizeBackward = new NativeCall("batchnorm_bp").ints(1, 1, 1).doubles(epsilon);
    this.activationCall = new ActivationCall(activation);
    this.oneDnn = OneDnnBatchNorm.of(inputShape, epsilon, dtype);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A frozen batch norm (in a frozen backbone) normalises with its running statistics in
   * training too, and does not update them: as in inference.
   */
  @Override
  public Saved forward(INDArray input, boolean training) {
    training = training && !frozen;
    if (!training && blockedScope != null && blockedScope.active()) {
      throw new IllegalStateException(name + ": a frozen or inference pass on maps the network's"
          + " training step keeps in oneDNN's blocked layout");
    }
    Checks.batch(name, "input", input, inputShape, dtype);
    INDArray x = Checks.contiguous(input);
    INDArray y = outputBuffer.get(x.size(0));
    // in the network's step a ReLU runs in place: its gradient needs only y (ReLU's from y)
    boolean reluInPlace = activation == Activation.RELU && training && blockedScope != null
        && blockedScope.active();
    INDArray z = activation == Activation.IDENTITY || reluInPlace ? y
        : normalizedBuffer.get(x.size(0));
    INDArray mean = runningMean;
    INDArray var = runningVar;
    boolean onOneDnn = training && oneDnnReady(x.size(0), false);
    if (onOneDnn) { // statistics and normalisation in one pass
      oneDnn.forward(x, gamma, beta, batchMean, batchVar, z);
    } else if (training) {
      moments.in(0, x).out(0, batchMean).out(1, batchVar).exec(); // biased, as normalising uses
    }
    if (training) { // throws before the running statistics change
      running.check(batchMean, batchVar, x.size(0) * perChannel, x);
      mean = batchMean;
      var = batchVar;
    }
    if (!onOneDnn) {
      normalize.in(0, x).in(1, mean).in(2, var).in(3, gamma).in(4, beta).out(0, z).exec();
    }
    y = activationCall.forward(z, y);
    if (training) {
      running.update(batchMean, batchVar, x.size(0) * perChannel);
    }
    return new Saved(x, mean, var, z, y, training);
  }

  /** Makes the running statistics' last update final: {@link #undoStatistics} keeps them. */
  public void commitStatistics() {
    running.commit();
  }

  /**
   * Puts back the running statistics from before the last training forward since {@link
   * #commitStatistics}, if there was one: a network undoes a step that failed after this layer.
   */
  public void undoStatistics() {
    running.undo();
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    if (activation != Activation.IDENTITY) {
      boolean over = overwrites && blockedScope != null && blockedScope.active()
          && activationCall.inPlace(saved.output(), dy);
      INDArray dz = over ? dy : gradNormalizedBuffer.get(dy.size(0));
      dy = activationCall.backward(saved.normalized(), saved.output(), dy, dz);
    }
    INDArray dx = gradInputBuffer.get(dy.size(0));
    if (!saved.training()) {
      return inferenceBackward(saved, dy, dx);
    }
    if (oneDnnReady(dy.size(0), true)) {
      oneDnn.backward(saved.input(), saved.mean(), saved.variance(), gamma, beta, dy, dx,
          gammaGrad, betaGrad);
      return dx;
    }
    normalizeBackward
        .in(0, saved.input()).in(1, saved.mean()).in(2, saved.variance()).in(3, gamma)
        .in(4, beta).in(5, dy)
        .out(0, dx).out(1, unusedMeanGrad).out(2, unusedVarGrad).out(3, gammaGrad)
        .out(4, betaGrad)
        .exec();
    return dx;
  }

  /**
   * Whether the training pass of a batch of {@code n} runs on oneDNN: float32 with the library,
   * and its primitives built; a refusal turns the path off for good (libnd4j's ops instead).
   */
  private boolean oneDnnReady(long n, boolean backward) {
    boolean blocked = BlockedLayout.of(blockedScope, BlockedLayout.INPUT) != 0;
    if (oneDnn == null) {
      if (blocked) {
        throw new IllegalStateException(name + ": oneDNN refused this batch's normalisation, whose"
            + " maps the network's training step keeps in oneDNN's blocked layout");
      }
      return false;
    }
    oneDnn.blocked(blocked);
    try {
      oneDnn.prepare(n, backward);
      return true;
    } catch (OneDnn.Unsupported e) {
      oneDnn = null;
      return oneDnnReady(n, backward); // plain: libnd4j; blocked: the refusal
    }
  }

  @Override
  public Role layoutRole() {
    return Role.KEEPS;
  }

  /** Maps of a multiple of 16 channels, trained on oneDNN and not frozen. */
  @Override
  public boolean readsBlocked() {
    return oneDnn != null && !frozen && inputShape.length == 3 && BlockedLayout.fits(channels);
  }

  @Override
  public boolean writesBlocked() {
    return readsBlocked();
  }

  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    this.overwrites = false;
    this.blockedScope = input && output ? scope : null;
    return blockedScope != null;
  }

  /** Its activation's gradient is then written over the output's gradient (blocked steps only). */
  @Override
  public void allowOverwritingOutputGradient(boolean allowed) {
    this.overwrites = allowed;
  }

  /** The gradient with the statistics held constant: the rare backward after inference. */
  private INDArray inferenceBackward(Saved saved, INDArray dy, INDArray dx) {
    INDArray invStd = Transforms.pow(saved.variance().add(epsilon), -0.5, false); // [C]
    INDArray xhat = saved.input().dup();
    Nd4j.exec(new BroadcastSubOp(xhat, saved.mean(), xhat, 1));
    Nd4j.exec(new BroadcastMulOp(xhat, invStd, xhat, 1));
    betaGrad.assign(dy.sum(reduceDims));
    gammaGrad.assign(xhat.muli(dy).sum(reduceDims));
    Nd4j.exec(new BroadcastMulOp(dy, invStd.muli(gamma), dx, 1));
    return dx;
  }

  @Override
  public void setFrozen(boolean frozen) {
    if (frozen != this.frozen && blockedScope != null) {
      blockedScope.invalidate(); // frozen, it normalises plain maps: the network plans again
    }
    this.frozen = frozen;
  }

  @Override
  public boolean isFrozen() {
    return frozen;
  }

  /** Whether float32 training runs on oneDNN's primitives ({@link OneDnnBatchNorm}), for tests. */
  boolean trainsOnOneDnn() {
    return oneDnn != null;
  }

  /** The activation after the normalisation; IDENTITY for none. */
  public Activation activation() {
    return activation;
  }

  /** The live scale {@code [C]}. */
  public INDArray gamma() {
    return gamma;
  }

  /** The live shift {@code [C]}. */
  public INDArray beta() {
    return beta;
  }

  /** The live running mean {@code [C]}, used in inference. */
  public INDArray runningMean() {
    return runningMean;
  }

  /** The live running variance {@code [C]}, used in inference. */
  public INDArray runningVariance() {
    return runningVar;
  }

  /** The constant added to the variance before its square root. */
  public double epsilon() {
    return epsilon;
  }

  @Override
  String describe() {
    return (activation == Activation.IDENTITY ? "" : "(activation = " + activation + ")") + " "
        + Arrays.toString(inputShape);
  }

  /** With the running statistics: folded into the convolution before it when it can be. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.batchNorm(inputs.get(0), gamma, beta, runningMean, runningVar, epsilon,
        activation);
  }

  /**
   * {@code BatchNormalization} in inference form (the running statistics, kept separate rather
   * than folded into the layer before), then the activation as its own node.
   */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    String y = graph.node("BatchNormalization", name,
        List.of(inputs.get(0), graph.initializer(name + ".gamma", gamma),
            graph.initializer(name + ".beta", beta), graph.initializer(name + ".mean", runningMean),
            graph.initializer(name + ".var", runningVar)),
        OnnxGraph.Attribute.real("epsilon", (float) epsilon));
    return graph.activation(activation, OnnxNodes.activationName(name, activation), y);
  }
}
