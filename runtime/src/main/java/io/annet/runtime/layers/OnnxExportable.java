package io.annet.runtime.layers;

import io.annet.runtime.onnx.OnnxGraph;
import java.util.List;

/**
 * A kernel that writes its inference computation into an ONNX graph, once per kind: the export
 * walks the network's layers in order and asks each for its nodes.
 */
public interface OnnxExportable {
  /**
   * Adds this layer's inference nodes and initializers (named after the layer and its parameters)
   * consuming {@code inputs}, the tensors of its inputs in order, each {@code [N, ...shape]} with
   * the shape this layer expects; returns the tensor holding its output, {@code [N,
   * ...outputShape]}.
   */
  String exportOnnx(OnnxGraph graph, List<String> inputs);
}
