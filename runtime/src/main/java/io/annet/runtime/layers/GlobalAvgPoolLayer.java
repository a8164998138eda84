package io.annet.runtime.layers;

import io.annet.runtime.onnx.OnnxGraph;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global average pooling (kind {@code GlobalAvgPool}): the mean of each channel. Shape rule:
 * {@code [C, H, W] -> [C]}; no parameters.
 *
 * <p>Forward: one {@code H x W} average-pooling window ({@code avgpool2d}), viewed as {@code [N,
 * C]}. Backward: {@code dx[n, c, h, w] = dy[n, c] / (H W)} ({@code avgpool2d_bp}).
 */
public final class GlobalAvgPoolLayer extends GlobalPoolLayer<GlobalAvgPoolLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the c-order input {@code [N, C, H, W]}
   * @param pooled the pooled maps {@code [N, C, 1, 1]}
   * @param output the same values viewed as {@code [N, C]}
   * @param workspace the backend's workspace of this forward (none for average pooling)
   */
  public record Saved(INDArray input, INDArray pooled, INDArray output, long workspace)
      implements Pooled {}

  /** A global pooling layer over the whole {@code H x W} map. */
  public GlobalAvgPoolLayer(String name, int[] inputShape, DataType dtype) {
    super(name, "GlobalAvgPool", false, inputShape, dtype);
  }

  @Override
  Saved saved(INDArray input, INDArray pooled, INDArray output, long workspace) {
    return new Saved(input, pooled, output, workspace);
  }

  /** {@code GlobalAveragePool}, then {@code Flatten}: {@code [N, C, 1, 1] -> [N, C]}. */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return graph.flatten(name + ".flatten", graph.node("GlobalAveragePool", name, inputs));
  }
}
