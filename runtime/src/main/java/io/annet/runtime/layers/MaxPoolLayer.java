package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.onnx.OnnxGraph;
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
public final class MaxPoolLayer extends PoolLayer<MaxPoolLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the c-order input {@code [N, C, H, W]}
   * @param output the pooled output {@code [N, C, H', W']}
   * @param workspace the backend's workspace of this forward (oneDNN: each window's arg-max)
   */
  public record Saved(INDArray input, INDArray output, long workspace) implements Pooled {}

  /** A pooling layer over {@code window}. */
  public MaxPoolLayer(String name, int[] inputShape, Window window, DataType dtype) {
    super(name, "MaxPool", true, inputShape, window, dtype);
  }

  @Override
  Saved saved(INDArray input, INDArray output, long workspace) {
    return new Saved(input, output, workspace);
  }

  /** {@code MaxPool} over the same window (padding never wins the maximum). */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return graph.node("MaxPool", name, inputs,
        OnnxNodes.window(window(), inputShape).toArray(OnnxGraph.Attribute[]::new));
  }
}
