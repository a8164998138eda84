package io.annet.runtime.onnx;

import io.annet.dsl.Layer;
import io.annet.runtime.Network;
import io.annet.runtime.layers.BlockHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A network's kernels by full name, block handles opened (their members are the kernels). */
public final class LayerIndex {
  private LayerIndex() {}

  /** Every kernel of {@code network}, by name, in registration order. */
  public static Map<String, Layer> of(Network network) {
    Map<String, Layer> byName = new LinkedHashMap<>();
    add(network.layers(), byName);
    return byName;
  }

  private static void add(List<Layer> layers, Map<String, Layer> byName) {
    for (Layer layer : layers) {
      if (layer instanceof BlockHandle block) {
        add(block.members(), byName);
      } else {
        byName.putIfAbsent(layer.name(), layer);
      }
    }
  }

  /** The kernel {@code name} of {@code network}; an {@link OnnxException} when it is missing. */
  static Layer require(Map<String, Layer> byName, String name, String model) {
    Layer layer = byName.get(name);
    if (layer == null) {
      throw new OnnxException(model + ": the spec's layer " + name
          + " is not among the network's registered layers " + byName.keySet());
    }
    return layer;
  }
}
