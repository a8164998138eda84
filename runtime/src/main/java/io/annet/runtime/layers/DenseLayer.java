package io.annet.runtime.layers;

import io.annet.dsl.Activation;
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
 * A fully connected layer plus bias and activation (kind {@code Dense}). Shape rule: {@code [F] ->
 * [units]}; a {@code [C, 1, 1]} input counts as {@code [C]} (implicit flatten). Weight {@code
 * [units, F]}, bias {@code [units]}.
 *
 * <p>Forward: {@code z = x W^T + b}, {@code y = f(z)} (one gemm). Backward: {@code dz = dy *
 * f'(z)}, {@code dW = dz^T x}, {@code db = sum_n dz}, {@code dx = dz W}, the last reshaped to the
 * input's shape.
 */
public final class DenseLayer extends AffineKernel
    implements Kernel<DenseLayer.Saved>, InferencePlannable {

  /**
   * What backward needs.
   *
   * @param input the input viewed as {@code [N, F]}
   * @param preActivation {@code z = x W^T + b}
   * @param output {@code y = f(z)} (the same array as {@code z} for IDENTITY)
   */
  public record Saved(INDArray input, INDArray preActivation, INDArray output) implements Forward {}

  private final int in;
  private final int units;
  private final NativeCall product = new NativeCall("matmul").ints(0, 1, 0).doubles(1.0, 0.0);
  private final NativeCall addBias = new NativeCall("biasadd").booleans(false);
  private final NativeCall weightProduct = new NativeCall("matmul").ints(1, 0, 0).doubles(1, 0);
  private final NativeCall sumBias = new NativeCall("reduce_sum").ints(0);
  private final NativeCall inputProduct = new NativeCall("matmul").ints(0, 0, 0).doubles(1, 0);
  private final ViewCache inputView = new ViewCache();
  private final ViewCache gradView = new ViewCache();

  /** A dense layer with {@code units} outputs, initialised from {@code init}. */
  public DenseLayer(
      String name, int[] inputShape, int units, Activation activation, boolean bias,
      DataType dtype, Initializer init) {
    super(name, "Dense", inputShape, dtype, activation);
    boolean vector = inputShape.length == 1;
    boolean column = inputShape.length == 3 && inputShape[1] == 1 && inputShape[2] == 1;
    if (!(vector || column) || inputShape[0] < 1 || units < 1) {
      throw new ShapeMismatchException(
          name + ": a dense layer needs an input [F] or [C, 1, 1] and units >= 1, found "
              + Arrays.toString(inputShape) + " and " + units + " units");
    }
    this.in = inputShape[0];
    this.units = units;
    outputShape(units);
    weights(init.weights(new long[] {units, in}, in, units, activation, dtype), bias, units,
        new int[] {in});
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    Checks.batch(name, "input", input, inputShape, dtype);
    long n = input.size(0);
    INDArray x = inputView.reshape(Checks.contiguous(input), n, in); // [N,C,1,1] -> [N,C], a view
    INDArray z = preActivationBuffer.get(n);
    product.exec(x, weight, z); // [N,F] x [units,F]^T -> [N,units]
    if (bias != null) {
      addBias.exec(z, bias, z);
    }
    INDArray y = activate(z, n);
    return new Saved(x, z, y);
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    long n = dy.size(0);
    INDArray dz = activationGradient(saved.preActivation(), saved.output(), dy, n);
    weightProduct.exec(dz, saved.input(), weightGrad); // [units,N] x [N,F]
    if (bias != null) {
      sumBias.exec(dz, biasGrad);
    }
    INDArray dx = gradInputBuffer.get(n);
    inputProduct.exec(dz, weight, dx); // [N,units] x [units,F] -> [N,F]
    return inputShape.length == 1 ? dx : gradView.reshape(dx, n, in, 1, 1);
  }

  /** {@code Gemm} with the weight transposed ({@code [C, 1, 1]} flattened first), then the activation. */
  /** An inner product, the activation as its post-op; a pooled input is read as it lies. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.dense(inputs.get(0), weight, bias, activation);
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    String x = inputs.get(0);
    if (inputShape.length != 1) {
      x = graph.flatten(name + ".flatten", x);
    }
    List<String> operands = new java.util.ArrayList<>(List.of(x,
        graph.initializer(name + ".weight", weight)));
    if (bias != null) {
      operands.add(graph.initializer(name + ".bias", bias));
    }
    String z = graph.node("Gemm", name, operands, OnnxGraph.Attribute.integer("transB", 1));
    return graph.activation(activation, OnnxNodes.activationName(name, activation), z);
  }
}
