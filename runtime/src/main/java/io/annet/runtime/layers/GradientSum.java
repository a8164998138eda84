package io.annet.runtime.layers;

import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a graph node with several consumers, summed in a buffer of its own reused per
 * batch size: the allocation-free form of the generated {@code first.dup()} then {@code addi(..)}
 * accumulation (see docs/DESIGN.md), which creates a fresh array and an op context per step.
 *
 * <pre>{@code
 * INDArray gradStem = stemGrad.first(project.backward(projectOut, grad)); // 1 of 2: a copy
 * stemGrad.add(conv1.backward(conv1Out, gradConv1));                      // 2 of 2
 * }</pre>
 *
 * <p>Like a kernel's output, the sum is valid until the next {@link #first} with that batch size;
 * it never aliases the arrays added to it. Not thread-safe.
 */
public final class GradientSum {
  private final String name;
  private final int[] shape;
  private final DataType dtype;
  private final BatchBuffer buffer;
  private final NativeCall add = new NativeCall("add");
  private INDArray sum;

  /** A sum for the gradient of node {@code name}, of per-example shape {@code shape}. */
  public GradientSum(String name, int[] shape, DataType dtype) {
    this.name = name;
    this.shape = shape.clone();
    this.dtype = dtype;
    this.buffer = new BatchBuffer(dtype, shape);
  }

  /** Starts the sum with a copy of {@code gradient} {@code [N, ...shape]}; returns the sum. */
  public INDArray first(INDArray gradient) {
    Checks.batch(name, "gradient", gradient, shape, dtype);
    sum = buffer.get(gradient.size(0)).assign(gradient);
    return sum;
  }

  /** Adds {@code gradient}, of the first one's shape, to the sum; returns the sum. */
  public INDArray add(INDArray gradient) {
    if (sum == null) {
      throw new IllegalStateException(name + ": add before first");
    }
    Checks.batch(name, "gradient", gradient, shape, dtype);
    if (gradient.size(0) != sum.size(0)) {
      throw new ShapeMismatchException(
          name + " expects a gradient " + Arrays.toString(sum.shape()) + " like the first, found "
              + Arrays.toString(gradient.shape()));
    }
    add.exec(sum, gradient, sum);
    return sum;
  }
}
