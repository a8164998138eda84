package io.annet.runtime.layers;

import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flattening in c-order (kind {@code Flatten}). Shape rule: {@code [C, H, W] -> [C * H * W]} (any
 * per-example shape to the product of its sizes); no parameters.
 *
 * <p>Forward: a reshaped view of the (c-order) input. Backward: the output gradient reshaped back
 * to the input's shape. No copies unless an argument is not c-order.
 */
public final class FlattenLayer extends KernelBase
    implements Kernel<FlattenLayer.Saved>, InferencePlannable {

  /**
   * What backward needs.
   *
   * @param output the flattened view {@code [N, C * H * W]}
   */
  public record Saved(INDArray output) implements Forward {}

  private final int width;
  private final ViewCache outputView = new ViewCache();
  private final ViewCache gradView = new ViewCache();

  /** A flatten layer for per-example inputs of {@code inputShape}. */
  public FlattenLayer(String name, int[] inputShape, DataType dtype) {
    super(name, "Flatten", inputShape, dtype);
    long product = 1;
    for (int d : inputShape) {
      product *= d;
    }
    if (inputShape.length == 0 || product < 1 || product > Integer.MAX_VALUE) {
      throw new ShapeMismatchException(
          name + ": cannot flatten the input " + Arrays.toString(inputShape));
    }
    this.width = (int) product;
    outputShape(width);
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    Checks.batch(name, "input", input, inputShape, dtype);
    INDArray x = Checks.contiguous(input);
    return new Saved(outputView.reshape(x, x.size(0), width)); // [N,C,H,W] -> [N, C*H*W], a view
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    long[] shape = new long[inputShape.length + 1];
    shape[0] = gradOutput.size(0);
    for (int i = 0; i < inputShape.length; i++) {
      shape[i + 1] = inputShape[i];
    }
    return gradView.reshape(Checks.contiguous(gradOutput), shape);
  }

  /** {@code Flatten} at axis 1, c-order as here. */
  /** The input in c-order as {@code [N, F]}. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.flatten(inputs.get(0));
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return graph.flatten(name, inputs.get(0));
  }
}
