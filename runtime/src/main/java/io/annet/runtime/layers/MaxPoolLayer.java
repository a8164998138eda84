package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.Parameter;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling (kind {@code MaxPool}); padded cells never win. Shape rule: {@code [C, H, W] -> [C,
 * H', W']} with H', W' from {@link Window} (as for a convolution); no parameters.
 *
 * <p>Forward: the maximum of each window. Backward: each window's gradient goes to its arg-max
 * ({@code maxpool2d_bp}).
 */
public final class MaxPoolLayer implements Kernel<MaxPoolLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the c-order input {@code [N, C, H, W]}
   * @param output the pooled output {@code [N, C, H', W']}
   */
  public record Saved(INDArray input, INDArray output) implements Forward {}

  private final Pooling pooling;

  /** A pooling layer over {@code window}. */
  public MaxPoolLayer(String name, int[] inputShape, Window window, DataType dtype) {
    this.pooling = new Pooling(name, true, inputShape, window, dtype);
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    INDArray[] xy = pooling.forward(input);
    return new Saved(xy[0], xy[1]);
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    return pooling.backward(saved.input(), saved.output(), gradOutput);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public String name() {
    return pooling.name;
  }

  @Override
  public String kind() {
    return "MaxPool";
  }

  @Override
  public int[] outputShape() {
    return pooling.outputShape.clone();
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  /** The sliding window. */
  public Window window() {
    return pooling.window;
  }

  @Override
  public String toString() {
    return pooling.toString();
  }
}
