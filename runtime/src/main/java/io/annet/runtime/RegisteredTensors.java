package io.annet.runtime;

import io.annet.dsl.Layer;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.BlockHandle;
import io.annet.runtime.layers.Kernel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The named tensors and batch-norm layers reached from a network's layer handles. */
record RegisteredTensors(
    Map<String, INDArray> values, Map<String, INDArray> gradients,
    List<BatchNormLayer> batchNorms) {

  /**
   * The tensors of every {@link Kernel} among {@code handles}, also when it is a member of a
   * {@link BlockHandle} (a tensor reached twice counts once), in forward order; the maps are
   * unmodifiable.
   */
  static RegisteredTensors of(Layer... handles) {
    Map<String, Parameter> seen = new LinkedHashMap<>();
    List<BatchNormLayer> batchNorms = new ArrayList<>();
    for (Layer layer : handles) {
      collect(layer, seen, batchNorms);
    }
    Map<String, INDArray> values = new LinkedHashMap<>();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    for (Parameter p : seen.values()) {
      values.put(p.name(), p.value());
      if (p.trainable()) {
        grads.put(p.name(), p.gradient());
      }
    }
    return new RegisteredTensors(
        Collections.unmodifiableMap(values), Collections.unmodifiableMap(grads), batchNorms);
  }

  private static void collect(
      Layer layer, Map<String, Parameter> seen, List<BatchNormLayer> batchNorms) {
    List<Parameter> own = List.of();
    if (layer instanceof Kernel<?> kernel) {
      own = kernel.parameters();
      if (kernel instanceof BatchNormLayer bn && !batchNorms.contains(bn)) {
        batchNorms.add(bn);
      }
    } else if (layer instanceof BlockHandle block) {
      for (Layer member : block.members()) {
        collect(member, seen, batchNorms);
      }
    }
    for (Parameter p : own) {
      Parameter earlier = seen.putIfAbsent(p.name(), p);
      if (earlier != null && earlier.value() != p.value()) {
        throw new IllegalStateException("two different tensors are named " + p.name());
      }
    }
  }
}
