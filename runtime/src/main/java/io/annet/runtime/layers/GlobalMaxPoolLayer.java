package io.annet.runtime.layers;

import io.annet.runtime.onnx.OnnxGraph;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global max pooling (kind {@code GlobalMaxPool}): the maximum of each channel. Shape rule: {@code
 * [C, H, W] -> [C]}; no parameters.
 *
 * <p>Forward: one {@code H x W} max-pooling window ({@code maxpool2d}), viewed as {@code [N, C]}.
 * Backward: each channel's gradient goes to its arg-max cell ({@code maxpool2d_bp}).
 */
public final class GlobalMaxPoolLayer extends GlobalPoolLayer<GlobalMaxPoolLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the c-order input {@code [N, C, H, W]}
   * @param pooled the pooled maps {@code [N, C, 1, 1]}
   * @param output the same values viewed as {@code [N, C]}
   * @param workspace the backend's workspace of this forward (oneDNN: each channel's arg-max)
   */
  public record Saved(INDArray input, INDArray pooled, INDArray output, long workspace)
      implements Pooled {}

  /** A global pooling layer over the whole {@code H x W} map. */
  public GlobalMaxPoolLayer(String name, int[] inputShape, DataType dtype) {
    super(name, "GlobalMaxPool", true, inputShape, dtype);
  }

  @Override
  Saved saved(INDArray input, INDArray pooled, INDArray output, long workspace) {
    return new Saved(input, pooled, output, workspace);
  }

  /** {@code GlobalMaxPool}, then {@code Flatten}: {@code [N, C, 1, 1] -> [N, C]}. */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return graph.flatten(name + ".flatten", graph.node("GlobalMaxPool", name, inputs));
  }
}
