package io.annet.runtime.onnx;

import java.util.Map;

/**
 * How {@link Onnx#loadWeights(io.annet.runtime.Network, java.nio.file.Path, OnnxImportOptions)}
 * matches an ONNX file to a network. By default every parameterised layer of the network is filled
 * and every parameterised ONNX node used, matched by graph structure.
 *
 * @param names explicit matches, Annet parameter name (e.g. {@code conv1.weight}) to ONNX tensor
 *     name (e.g. {@code features.0.weight}); a layer whose tensors are all named here is filled
 *     from them and takes no part in the structural match
 * @param partialImport whether ONNX nodes beyond the network's layers may be left out (a backbone from
 *     a larger file); they are then listed in the report
 * @param lastLayer when not null, only the network's layers up to this one (in forward order) are
 *     filled, the rest keep their values and are listed in the report; implies {@code partialImport}
 */
public record OnnxImportOptions(Map<String, String> names, boolean partialImport, String lastLayer) {
  public OnnxImportOptions {
    names = Map.copyOf(names);
    partialImport = partialImport || lastLayer != null;
  }

  /** Structural matching of the whole network against the whole file. */
  public static OnnxImportOptions defaults() {
    return new OnnxImportOptions(Map.of(), false, null);
  }

  /** These options with the explicit matches {@code names} (Annet parameter to ONNX tensor). */
  public OnnxImportOptions withNames(Map<String, String> names) {
    return new OnnxImportOptions(names, partialImport, lastLayer);
  }

  /** These options allowing ONNX nodes beyond the network's layers, which the report lists. */
  public OnnxImportOptions partial() {
    return new OnnxImportOptions(names, true, lastLayer);
  }

  /**
   * These options filling the network's layers up to and including {@code layer} (a spec layer
   * name, e.g. {@code block2} or {@code backbone.stem.out}) and no further: a backbone.
   */
  public OnnxImportOptions upTo(String layer) {
    return new OnnxImportOptions(names, true, layer);
  }
}
