package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Network-in-Network mlpconv block (kind {@code MlpConv}): a {@code window} convolution with
 * {@code filters[0]} outputs, then a 1x1 convolution per further entry, each with bias and the
 * activation. Shape rule: {@code [C, H, W] -> [filters[last], H', W']} with H', W' from {@link
 * Window} as for {@link ConvLayer}. Its convolutions are {@link ConvLayer}s named {@code
 * <name>.<i>}, so parameters are {@code <name>.<i>.weight} and {@code <name>.<i>.bias}.
 *
 * <p>Forward runs the stages in order; backward runs their backward in reverse.
 */
public final class MlpConvLayer extends KernelBase
    implements Kernel<MlpConvLayer.Saved>, InferencePlannable, BlockedTraining {

  /**
   * What backward needs: each stage's own record.
   *
   * @param stages one record per convolution, in forward order
   */
  public record Saved(List<ConvLayer.Saved> stages) implements Forward {
    @Override
    public INDArray output() {
      return stages.get(stages.size() - 1).output();
    }
  }

  private static final Window ONE_BY_ONE = new Window(1, 1, 1, 1, 0, 0, false);

  private final List<ConvLayer> stages;

  /** An mlpconv block; {@code filters} has one entry per convolution, at least one. */
  public MlpConvLayer(
      String name, int[] inputShape, int[] filters, Window window, Activation activation,
      DataType dtype, Initializer init) {
    super(name, "MlpConv", inputShape, dtype);
    if (filters.length == 0) {
      throw new ShapeMismatchException(name + ": an mlpconv block needs at least one filter count");
    }
    List<ConvLayer> list = new ArrayList<>();
    int[] shape = inputShape;
    for (int i = 0; i < filters.length; i++) {
      ConvLayer conv =
          new ConvLayer(
              name + "." + i, "Conv", shape, filters[i], i == 0 ? window : ONE_BY_ONE,
              activation, true, dtype, init, true);
      list.add(conv);
      shape = conv.outputShape();
    }
    this.stages = List.copyOf(list);
    for (ConvLayer conv : stages) {
      parameters(conv.parameters());
    }
    outputShape(shape);
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    List<ConvLayer.Saved> saved = new ArrayList<>(stages.size());
    INDArray a = input;
    for (ConvLayer conv : stages) {
      ConvLayer.Saved s = conv.forward(a, training);
      saved.add(s);
      a = s.output();
    }
    return new Saved(saved);
  }

  /**
   * The stages' backward in reverse; the gradient between two stages is the block's own, so each
   * inner stage writes its activation's gradient over it (see {@link ConvLayer#backwardOver}).
   */
  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    return backward(saved, gradOutput, true);
  }

  /** The same without the first convolution's input gradient (the network's first layer). */
  @Override
  public void backwardParameters(Saved saved, INDArray gradOutput) {
    backward(saved, gradOutput, false);
  }

  private INDArray backward(Saved saved, INDArray gradOutput, boolean inputGradient) {
    int last = stages.size() - 1;
    INDArray g = gradOutput;
    for (int i = last; i >= 0; i--) {
      ConvLayer conv = stages.get(i);
      ConvLayer.Saved s = saved.stages().get(i);
      boolean dx = i > 0 || inputGradient;
      if (i == last) { // the caller's gradient: written over only if the network allowed it
        g = dx ? conv.backward(s, g) : backwardParametersOf(conv, s, g);
      } else {
        g = conv.backwardOver(s, g, dx);
      }
    }
    return g;
  }

  private static INDArray backwardParametersOf(ConvLayer conv, ConvLayer.Saved s, INDArray g) {
    conv.backwardParameters(s, g);
    return null;
  }

  /** The block's convolutions, in order. */
  public List<ConvLayer> stages() {
    return stages;
  }

  @Override
  public Role layoutRole() {
    return Role.CONVERTS;
  }

  @Override
  public boolean readsBlocked() {
    return stages.get(0).readsBlocked();
  }

  @Override
  public boolean writesBlocked() {
    return stages.get(stages.size() - 1).writesBlocked();
  }

  /** Its input's gradient is its first stage's own buffer. */
  @Override
  public boolean ownsInputGradient() {
    return true;
  }

  /** Passed to its last stage, the one that reads the block's output gradient. */
  @Override
  public void allowOverwritingOutputGradient(boolean allowed) {
    stages.get(stages.size() - 1).allowOverwritingOutputGradient(allowed);
  }

  /** Its last stage's: the stage that writes the block's output. */
  @Override
  public Activation deferrableActivation() {
    return stages.get(stages.size() - 1).deferrableActivation();
  }

  /** Passed to its last stage. */
  @Override
  public void deferActivationGradient(BlockedLayout scope) {
    stages.get(stages.size() - 1).deferActivationGradient(scope);
  }

  /**
   * Marks the block's input and output, and keeps each tensor between two stages blocked when
   * both stages can: it feeds nothing else.
   */
  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    boolean in = input;
    boolean any = false;
    for (int i = 0; i < stages.size(); i++) {
      ConvLayer conv = stages.get(i);
      boolean out = i == stages.size() - 1 ? output
          : conv.writesBlocked() && stages.get(i + 1).readsBlocked();
      boolean marked = scope != null && (in || out);
      any |= conv.markBlocked(marked ? scope : null, marked && in, marked && out);
      in = out;
    }
    return any;
  }

  @Override
  String describe() {
    return " " + stages.get(0).window() + super.describe();
  }

  /** Its convolutions in order, each with its activation as a post-op. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    PlanTensor x = inputs.get(0);
    for (ConvLayer conv : stages) {
      x = conv.plan(plan, List.of(x));
    }
    return x;
  }

  /** Its convolutions in order, each with its activation. */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    String x = inputs.get(0);
    for (ConvLayer conv : stages) {
      x = conv.exportOnnx(graph, List.of(x));
    }
    return x;
  }
}
