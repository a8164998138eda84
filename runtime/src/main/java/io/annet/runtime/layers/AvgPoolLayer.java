package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling (kind {@code AvgPool}); padded cells are excluded from the mean, so a window
 * overlapping the border averages only its real cells. Shape rule: {@code [C, H, W] -> [C, H',
 * W']} with H', W' from {@link Window} (as for a convolution); no parameters.
 *
 * <p>Forward: the mean of each window's real cells. Backward: each window's gradient is spread
 * evenly over its real cells ({@code avgpool2d_bp} with {@code extra = 0}).
 */
public final class AvgPoolLayer extends PoolLayer<AvgPoolLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the c-order input {@code [N, C, H, W]}
   * @param output the pooled output {@code [N, C, H', W']}
   * @param workspace the backend's workspace of this forward (none for average pooling)
   */
  public record Saved(INDArray input, INDArray output, long workspace) implements Pooled {}

  /** A pooling layer over {@code window}. */
  public AvgPoolLayer(String name, int[] inputShape, Window window, DataType dtype) {
    super(name, "AvgPool", false, inputShape, window, dtype);
  }

  @Override
  Saved saved(INDArray input, INDArray output, long workspace) {
    return new Saved(input, output, workspace);
  }

  /** {@code AveragePool} with {@code count_include_pad = 0}: padding is left out of the mean. */
  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    List<OnnxGraph.Attribute> attributes = OnnxNodes.window(window(), inputShape);
    attributes.add(OnnxGraph.Attribute.integer("count_include_pad", 0));
    return graph.node("AveragePool", name, inputs,
        attributes.toArray(OnnxGraph.Attribute[]::new));
  }
}
