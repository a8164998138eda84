package io.annet.runtime.onnx;

import io.annet.runtime.Network;
import io.annet.runtime.WeightSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of an ONNX file under the Annet names of a network it is matched to ({@link
 * Onnx#weightSource}): the import's structural match runs on copies of that network's tensors, so
 * the network itself is never written, and the tensors of the layers it filled become the source.
 * Every layer of {@code like} up to the options' last layer must find its ONNX node.
 */
final class OnnxWeightSource {
  private OnnxWeightSource() {}

  /**
   * Matches {@code model} (read from {@code path}) onto copies of {@code like}'s tensors with
   * {@code options}. The spec is the one an Annet export wrote into the file; without one, {@code
   * like}'s when the whole file matched the whole of {@code like} (then it has that structure),
   * else none (only names and shapes are checked on loading).
   */
  static WeightSource match(Path path, OnnxModelReader model, Network like,
      OnnxImportOptions options) {
    String name = like.architecture().modelName();
    List<AnnetSlot> live = AnnetSlot.of(Topology.of(like.architecture()), LayerIndex.of(like),
        name);
    List<AnnetSlot> copies = new ArrayList<>();
    for (AnnetSlot s : live) {
      Map<String, INDArray> dup = new LinkedHashMap<>();
      s.tensors().forEach((k, v) -> dup.put(k, v.dup()));
      copies.add(new AnnetSlot(s.kind(), s.layer(), s.spec(), dup, s.window(), s.inputShape(),
          s.group(), s.epsilon(), s.upstream()));
    }
    WeightMatcher matcher = new WeightMatcher(copies, model, options, like.dataType(), true);
    OnnxImportReport report = matcher.match();
    matcher.commit();
    Set<String> kept = new HashSet<>(report.notFilled());
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    for (AnnetSlot s : copies) {
      if (!kept.contains(s.layer())) {
        s.tensors().forEach((k, v) -> tensors.put(s.parameter(k), v));
      }
    }
    boolean whole = report.leftOut().isEmpty() && report.notFilled().isEmpty();
    Optional<String> spec = OnnxMetadata.get(model.model(), OnnxMetadata.SPEC)
        .or(() -> whole ? Optional.of(like.architecture().spec()) : Optional.empty());
    String producer = OnnxMetadata.get(model.model(), OnnxMetadata.MODEL)
        .orElse(model.model().getProducerName());
    return new WeightSource.Fixed("ONNX file " + path + " (" + producer + ", matched to " + name
        + ")", tensors, spec);
  }
}
