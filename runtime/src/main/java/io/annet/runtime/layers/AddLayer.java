package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise sum of two or more inputs, then an activation (kind {@code Add}): the merge of a
 * residual connection. Shape rule: {@code S, S, ... -> S}, every input of exactly the same
 * per-example shape (maps or vectors); no parameters.
 *
 * <p>Forward: {@code z = x_0 + x_1 + ...}, {@code y = f(z)}. Backward: {@code dz = dy * f'(z)},
 * and every input's gradient is {@code dz}, each a copy in a reused buffer of its own, so that a
 * caller may hand them to different layers; in a network's float32 training step they are one
 * array, computed over the output's gradient when the network allows that.
 *
 * <p>A step creates no native object once the buffers for its batch size exist: the sums and the
 * RELU or LEAKY_RELU activation and its gradient run on reused op contexts, the copies need none.
 */
public final class AddLayer extends KernelBase
    implements MergeKernel<AddLayer.Saved>, InferencePlannable, BlockedTraining {

  /**
   * What backward needs.
   *
   * @param preActivation {@code z}, the sum
   * @param output {@code y = f(z)} (the same array as {@code z} for IDENTITY)
   */
  public record Saved(INDArray preActivation, INDArray output) implements Forward {}

  private final int[] shape;
  private final Activation activation;
  private final BatchBuffer preActivationBuffer;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer[] gradInputBuffers;
  private final NativeCall add = new NativeCall("add");
  private final ActivationCall activationCall;
  private BlockedLayout blockedScope; // the network's step, during which the inputs share dz
  private boolean overwrites; // the step's output gradient is ours to write over
  private OneDnnSumRelu sumRelu; // the step's fused sum and ReLU, made on first use
  private boolean fuseRefused; // oneDNN refused it: the sum and the activation apart

  /** A sum of inputs of per-example shapes {@code inputShapes} (all equal), then the activation. */
  public AddLayer(String name, int[][] inputShapes, Activation activation, DataType dtype) {
    super(name, "Add", inputShapes, dtype);
    this.activation = activation;
    this.activationCall = new ActivationCall(activation);
    if (inputShapes == null || inputShapes.length < 2) {
      throw new ShapeMismatchException(
          name + ": an addition needs at least 2 inputs, found "
              + (inputShapes == null ? 0 : inputShapes.length));
    }
    int[] first = inputShapes[0];
    this.gradInputBuffers = new BatchBuffer[inputShapes.length];
    for (int i = 0; i < inputShapes.length; i++) {
      int[] s = inputShapes[i];
      if (s == null || s.length == 0 || Arrays.stream(s).anyMatch(d -> d < 1)) {
        throw new ShapeMismatchException(
            name + ": an addition needs maps [C, H, W] or vectors [N], found "
                + Arrays.toString(s) + " (input " + i + ")");
      }
      if (!Arrays.equals(s, first)) {
        throw new ShapeMismatchException(
            name + ": an addition needs inputs of exactly equal shapes, found "
                + Arrays.toString(first) + " (input 0) and " + Arrays.toString(s) + " (input "
                + i + ")");
      }
      this.gradInputBuffers[i] = new BatchBuffer(dtype, s);
    }
    this.shape = first.clone();
    outputShape(shape);
    this.preActivationBuffer = new BatchBuffer(dtype, shape);
    this.outputBuffer = new BatchBuffer(dtype, shape);
  }

  @Override
  public Saved forward(boolean training, INDArray... inputs) {
    Checks.inputs(name, inputs, inputShapes, dtype);
    long n = inputs[0].size(0);
    if (fusesSumAndRelu(inputs)) {
      INDArray y = outputBuffer.get(n);
      try {
        sumRelu.forward(inputs[0], inputs[1], y);
        return new Saved(y, y); // ReLU's gradient from y is its gradient from z
      } catch (OneDnn.Unsupported e) {
        sumRelu = null;
        fuseRefused = true;
      }
    }
    INDArray z = preActivationBuffer.get(n);
    add.exec(inputs[0], inputs[1], z);
    for (int i = 2; i < inputs.length; i++) {
      add.exec(z, inputs[i], z);
    }
    INDArray y =
        activationCall.forward(z, activation == Activation.IDENTITY ? null : outputBuffer.get(n));
    return new Saved(z, y);
  }

  @Override
  public INDArray[] backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    long n = dy.size(0);
    INDArray[] dx = new INDArray[inputShapes.length];
    if (blockedScope != null && blockedScope.active()) {
      return sharedGradient(saved, dy, dx);
    }
    dx[0] = gradInputBuffers[0].get(n);
    if (activation == Activation.IDENTITY) {
      dx[0].assign(dy); // dz = dy, copied so that no input's gradient aliases gradOutput
    } else {
      activationCall.backward(saved.preActivation(), saved.output(), dy, dx[0]);
    }
    for (int i = 1; i < dx.length; i++) {
      dx[i] = gradInputBuffers[i].get(n).assign(dx[0]);
    }
    return dx;
  }

  /**
   * Whether this forward is the network's float32 training step summing two maps before a ReLU,
   * on arrays that fit oneDNN: then one binary primitive computes both ({@link OneDnnSumRelu}).
   */
  private boolean fusesSumAndRelu(INDArray[] inputs) {
    if (activation != Activation.RELU || inputs.length != 2 || fuseRefused
        || blockedScope == null || !blockedScope.active()
        || !OneDnnSumRelu.fits(inputs[0], inputs[1])) {
      return false;
    }
    if (sumRelu == null) {
      sumRelu = new OneDnnSumRelu();
    }
    return true;
  }

  /**
   * The backward of the network's training step: every input's gradient is the one {@code dz},
   * no copies (no layer of that step writes over a gradient an addition hands it, since this
   * layer claims none of them as its own), computed over {@code dy} when that is allowed.
   */
  private INDArray[] sharedGradient(Saved saved, INDArray dy, INDArray[] dx) {
    INDArray dz = dy;
    if (activation != Activation.IDENTITY) {
      boolean over = overwrites && activationCall.inPlace(saved.output(), dy);
      dz = over ? dy : gradInputBuffers[0].get(dy.size(0));
      activationCall.backward(saved.preActivation(), saved.output(), dy, dz);
    }
    Arrays.fill(dx, dz);
    return dx;
  }

  @Override
  public Role layoutRole() {
    return Role.KEEPS;
  }

  /** Float32 maps of a multiple of 16 channels: the sum is element-wise, any layout will do. */
  @Override
  public boolean readsBlocked() {
    return dtype == DataType.FLOAT && shape.length == 3 && BlockedLayout.fits(shape[0]);
  }

  @Override
  public boolean writesBlocked() {
    return readsBlocked();
  }

  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    this.overwrites = false;
    this.blockedScope = scope; // element-wise: any layout; the scope marks the network's step
    return scope != null && input;
  }

  @Override
  public void allowOverwritingOutputGradient(boolean allowed) {
    this.overwrites = allowed;
  }

  @Override
  public int[][] inputShapes() {
    return copy(inputShapes);
  }

  /** The nonlinearity after the sum. */
  public Activation activation() {
    return activation;
  }

  @Override
  String describe() {
    return "(" + activation + ") " + inputShapes.length + " x " + Arrays.toString(shape) + " -> "
        + Arrays.toString(shape);
  }

  /** {@code Add} of two inputs ({@code Sum} of more), then the activation as its own node. */
  /** The sum, fused into the convolution producing an operand when it can be. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.add(inputs, activation);
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    String z = graph.node(inputs.size() == 2 ? "Add" : "Sum", name, inputs);
    return graph.activation(activation, OnnxNodes.activationName(name, activation), z);
  }
}
