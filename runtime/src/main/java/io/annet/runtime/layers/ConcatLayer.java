package io.annet.runtime.layers;

import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Channel concatenation of two or more maps, in input order (kind {@code Concat}). Shape rule:
 * {@code [C1, H, W], [C2, H, W], ... -> [C1 + C2 + ..., H, W]}; every input must have the same H
 * and W; no parameters.
 *
 * <p>Forward: libnd4j's {@code concat} along axis 1 copies each input into its channel slice of a
 * reused output buffer. Backward: {@code split_v} along axis 1 copies each channel slice of the
 * output gradient into a reused buffer of that input's own. Both run on an op context kept for the
 * layer's life and make no views, so a step creates no native object once the buffers for its
 * batch size exist, whichever arrays the neighbouring layers pass.
 *
 * <p>In a network's float32 training step whose plan keeps the result in oneDNN's blocked layout,
 * both passes are oneDNN reorders instead ({@link BlockedConcat}), the inputs of a multiple of 16
 * channels blocked as well; every input's gradient stays a buffer of the layer's own, which the
 * branch writing that input may overwrite with its activation's gradient.
 */
public final class ConcatLayer extends KernelBase
    implements MergeKernel<ConcatLayer.Saved>, InferencePlannable, BlockedTraining {

  /**
   * What backward needs.
   *
   * @param output the concatenation {@code [N, C1 + C2 + ..., H, W]}
   */
  public record Saved(INDArray output) implements Forward {}

  private final BatchBuffer outputBuffer;
  private final BatchBuffer[] gradInputBuffers;
  private final DynamicCustomOp concat = DynamicCustomOp.builder("concat").build();
  private final DynamicCustomOp split = DynamicCustomOp.builder("split_v").build();
  private final INDArray splitSizes; // Ci, as split_v's second input
  private OpContext forwardContext; // made on the first call, then kept
  private OpContext backwardContext;
  private final INDArray[] contextInputs; // what forwardContext holds, set again only on change
  private final INDArray[] contextGradInputs; // likewise for backwardContext's outputs
  private INDArray contextGradOutput;
  private BlockedLayout blockedScope; // non-null while a network marks the output blocked
  private BlockedConcat blockedConcat; // joins into and splits out of the blocked output
  private final INDArray[] denseParts; // the inputs or their gradients as blockedConcat reads them
  /** A concatenation of inputs of per-example shapes {@code inputShapes}, in that order. */
  public ConcatLayer(String name, int[][] inputShapes, DataType dtype) {
    super(name, "Concat", inputShapes, dtype);
    if (inputShapes == null || inputShapes.length < 2) {
      throw new ShapeMismatchException(
          name + ": a concatenation needs at least 2 inputs, found "
              + (inputShapes == null ? 0 : inputShapes.length));
    }
    int[] first = inputShapes[0];
    long channels = 0;
    for (int i = 0; i < inputShapes.length; i++) {
      int[] shape = inputShapes[i];
      if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
        throw new ShapeMismatchException(
            name + ": a concatenation needs maps [C, H, W], found " + Arrays.toString(shape)
                + " (input " + i + ")");
      }
      if (shape[1] != first[1] || shape[2] != first[2]) {
        throw new ShapeMismatchException(
            name + ": a concatenation needs maps of equal height and width, found "
                + Arrays.toString(first) + " (input 0) and " + Arrays.toString(shape)
                + " (input " + i + ")");
      }
      channels += shape[0];
    }
    if (channels > Integer.MAX_VALUE) {
      throw new ShapeMismatchException(name + ": too many channels to concatenate: " + channels);
    }
    outputShape((int) channels, first[1], first[2]);
    this.gradInputBuffers = new BatchBuffer[inputShapes.length];
    int[] sizes = new int[inputShapes.length];
    for (int i = 0; i < inputShapes.length; i++) {
      gradInputBuffers[i] = new BatchBuffer(dtype, inputShapes[i]);
      sizes[i] = inputShapes[i][0];
    }
    this.splitSizes = Nd4j.createFromArray(sizes);
    this.contextInputs = new INDArray[inputShapes.length + 1]; // the output last
    this.contextGradInputs = new INDArray[inputShapes.length];
    this.outputBuffer = new BatchBuffer(dtype, output());
    this.denseParts = new INDArray[inputShapes.length];
  }

  @Override
  public Saved forward(boolean training, INDArray... inputs) {
    Checks.inputs(name, inputs, inputShapes, dtype);
    long n = inputs[0].size(0);
    INDArray y = outputBuffer.get(n);
    if (BlockedLayout.of(blockedScope, BlockedLayout.OUTPUT) != 0) {
      for (int i = 0; i < inputs.length; i++) {
        denseParts[i] = Checks.contiguous(inputs[i]);
      }
      blockedConcat.join(denseParts, y);
      return new Saved(y);
    }
    INDArray target = y;
    if (forwardContext == null) {
      forwardContext = Nd4j.getExecutioner().buildContext();
      forwardContext.setIArguments(1); // axis 1: channels
    }
    for (int i = 0; i < inputs.length; i++) {
      if (contextInputs[i] != inputs[i]) { // any strides: the op reads views as they are
        forwardContext.setInputArray(i, inputs[i]);
        contextInputs[i] = inputs[i];
      }
    }
    if (contextInputs[inputs.length] != target) {
      forwardContext.setOutputArray(0, target);
      contextInputs[inputs.length] = target;
    }
    Nd4j.exec(concat, forwardContext);
    return new Saved(y);
  }

  @Override
  public INDArray[] backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    long n = gradOutput.size(0);
    if (BlockedLayout.of(blockedScope, BlockedLayout.OUTPUT) != 0) {
      INDArray[] dx = new INDArray[inputShapes.length];
      for (int i = 0; i < dx.length; i++) {
        dx[i] = gradInputBuffers[i].get(n);
      }
      blockedConcat.split(Checks.contiguous(gradOutput), dx);
      return dx;
    }
    if (backwardContext == null) {
      backwardContext = Nd4j.getExecutioner().buildContext();
      backwardContext.setIArguments(1, inputShapes.length); // axis 1, number of parts
      backwardContext.setInputArray(1, splitSizes);
    }
    INDArray g = gradOutput;
    if (contextGradOutput != g) {
      backwardContext.setInputArray(0, g);
      contextGradOutput = g;
    }
    INDArray[] dx = new INDArray[inputShapes.length];
    for (int i = 0; i < dx.length; i++) {
      dx[i] = gradInputBuffers[i].get(n);
      if (contextGradInputs[i] != dx[i]) {
        backwardContext.setOutputArray(i, dx[i]);
        contextGradInputs[i] = dx[i];
      }
    }
    Nd4j.exec(split, backwardContext);
    return dx;
  }

  @Override
  public Role layoutRole() {
    return Role.CONVERTS;
  }

  /** As {@link #writesBlocked}: a blocked input is copied into the blocked output. */
  @Override
  public boolean readsBlocked() {
    return writesBlocked();
  }

  @Override
  public boolean readsBlockedIntoBlockedOnly() {
    return true;
  }

  @Override
  public void markInputsBlocked(boolean[] inputs) {
    if (blockedConcat != null) {
      blockedConcat.readBlocked(blockedScope == null ? null : inputs);
    }
  }

  /** Every input's gradient is a buffer of its own. */
  @Override
  public boolean ownsInputGradient() {
    return true;
  }

  /**
   * Float32 with oneDNN, a multiple of 16 channels in all: each branch is reordered straight into
   * its channel range of the blocked output, and the gradient's ranges straight back out
   * ({@link BlockedConcat}), instead of once per reader.
   */
  @Override
  public boolean writesBlocked() {
    return dtype == DataType.FLOAT && OneDnn.available() && BlockedLayout.fits(output()[0]);
  }

  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    blockedScope = output ? scope : null;
    if (blockedScope != null && blockedConcat == null) {
      blockedConcat = new BlockedConcat(inputShapes);
    }
    markInputsBlocked(null);
    return blockedScope != null;
  }

  @Override
  public int[][] inputShapes() {
    return copy(inputShapes);
  }

  @Override
  String describe() {
    StringBuilder b = new StringBuilder(" ");
    for (int i = 0; i < inputShapes.length; i++) {
      b.append(i == 0 ? "" : " + ").append(Arrays.toString(inputShapes[i]));
    }
    return b.append(" -> ").append(Arrays.toString(output())).toString();
  }

  /** {@code Concat} along the channels, axis 1. */
  /** The inputs reordered into their channel ranges of one buffer. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.concat(inputs);
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return graph.node("Concat", name, inputs, OnnxGraph.Attribute.integer("axis", 1));
  }
}
