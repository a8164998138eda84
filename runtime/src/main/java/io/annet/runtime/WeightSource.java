package io.annet.runtime;

import io.annet.runtime.checkpoint.StoredCheckpoint;
import io.annet.runtime.checkpoint.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named tensors a block of a network can be loaded from ({@link BlockWeights#load(Network, String,
 * WeightSource, String)}): a checkpoint of another model that uses the same block ({@link
 * #checkpoint}), or an ONNX file matched onto an Annet network ({@code
 * io.annet.runtime.onnx.Onnx.weightSource}), with the Annet names of the tensors and, when known,
 * the model's spec.
 */
public interface WeightSource {
  /** What the tensors come from, for messages: {@code checkpoint out/digits.ckpt (Digits04)}. */
  String description();

  /** The tensors by their Annet names ({@code backbone.conv1.weight}). */
  Map<String, INDArray> tensors();

  /**
   * The canonical spec of the model the tensors belong to, when known: a block is then also
   * checked layer by layer (kinds, attributes, wiring, output shapes); without it only the
   * tensors' names and shapes are matched.
   */
  Optional<String> spec();

  /** The parameters (running statistics included) of a checkpoint of any architecture. */
  static WeightSource checkpoint(Path path) throws IOException {
    StoredCheckpoint stored = Checkpoints.read(path);
    return new Fixed("checkpoint " + path + " (" + stored.modelName() + ")",
        stored.checkpoint().parameters(), Optional.of(stored.spec()));
  }

  /** A source whose description, tensors and spec are known when it is made. */
  record Fixed(String description, Map<String, INDArray> tensors, Optional<String> spec)
      implements WeightSource {
    /** Keeps an unmodifiable copy of {@code tensors}, in their order. */
    public Fixed {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
  }
}
