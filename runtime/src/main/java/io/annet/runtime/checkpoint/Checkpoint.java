package io.annet.runtime.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a checkpoint file holds besides its architecture: the network's named tensors and the
 * optimizer state (empty when saved without one), both in file order.
 *
 * @param parameters the network's tensors by name
 * @param optimizerState the optimizer's state by name, e.g. {@code adam.m.conv1.weight}
 */
public record Checkpoint(Map<String, INDArray> parameters, Map<String, INDArray> optimizerState) {
  public Checkpoint {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
  }
}
