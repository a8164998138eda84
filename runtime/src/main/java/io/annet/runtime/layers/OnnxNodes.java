package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.onnx.OnnxGraph;
import io.annet.runtime.onnx.OnnxGraph.Attribute;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The ONNX node patterns several kernels share: a windowed op's attributes and a convolution. */
final class OnnxNodes {
  private OnnxNodes() {}

  /** {@code kernel_shape}, {@code strides} and {@code pads} of {@code window} on {@code [C, H, W]}. */
  static List<Attribute> window(Window window, int[] inputShape) {
    List<Attribute> list = new ArrayList<>();
    list.add(Attribute.ints("kernel_shape", window.kernelHeight(), window.kernelWidth()));
    list.add(Attribute.ints("strides", window.strideHeight(), window.strideWidth()));
    list.add(Attribute.ints("pads", OnnxGraph.pads(window, inputShape[1], inputShape[2])));
    return list;
  }

  /**
   * A {@code Conv} node {@code name} with {@code group} groups, its weight and optional bias as
   * the initializers {@code <name>.weight} and {@code <name>.bias}, then the activation as its own
   * node {@code <name>.<activation>}; returns the output tensor.
   */
  static String conv(OnnxGraph graph, String name, String input, int[] inputShape, Window window,
      int group, INDArray weight, INDArray bias, Activation activation) {
    List<String> inputs = new ArrayList<>(List.of(input, graph.initializer(name + ".weight",
        weight)));
    if (bias != null) {
      inputs.add(graph.initializer(name + ".bias", bias));
    }
    List<Attribute> attributes = window(window, inputShape);
    attributes.add(Attribute.ints("dilations", 1, 1));
    attributes.add(Attribute.integer("group", group));
    String z = graph.node("Conv", name, inputs, attributes.toArray(Attribute[]::new));
    return graph.activation(activation, activationName(name, activation), z);
  }

  /** The name of the activation node after the layer {@code name}, e.g. {@code conv1.relu}. */
  static String activationName(String name, Activation activation) {
    return name + "." + activation.name().toLowerCase(java.util.Locale.ROOT);
  }
}
