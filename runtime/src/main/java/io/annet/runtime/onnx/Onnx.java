package io.annet.runtime.onnx;

import io.annet.runtime.BlockWeights;
import io.annet.runtime.Network;
import io.annet.runtime.WeightSource;
import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * ONNX in and out: {@link #export} writes a network's inference graph (opset 13, float32, a
 * symbolic batch dimension, class probabilities out), {@link #loadWeights} fills a network from an
 * ONNX file of the same architecture, written by Annet or by another producer such as PyTorch.
 */
public final class Onnx {
  private Onnx() {}

  /** Writes {@code network}'s inference graph to {@code path}; see {@link Network#exportOnnx}. */
  public static void export(Network network, Path path) throws IOException {
    export(network, path, List.of());
  }

  /**
   * Writes {@code network}'s inference graph to {@code path}, with {@code classNames} (one per
   * class, in index order, or none) in the model's metadata. The file appears complete or not at
   * all (written next to it, then moved).
   */
  public static void export(Network network, Path path, List<String> classNames)
      throws IOException {
    ModelProto model;
    network.claim("exportOnnx");
    try {
      model = OnnxExport.build(network, List.copyOf(classNames));
    } finally {
      network.release();
    }
    Path target = path.toAbsolutePath();
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, model.toByteArray());
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Fills {@code network} from the ONNX file {@code path} of the same architecture, matched by
   * graph structure (see {@link #loadWeights(Network, Path, OnnxImportOptions)}).
   */
  public static OnnxImportReport loadWeights(Network network, Path path) throws IOException {
    return loadWeights(network, path, OnnxImportOptions.defaults());
  }

  /**
   * Fills {@code network} from the ONNX file {@code path}. Its convolutions, dense layers and batch
   * norms are matched, in forward order, to the file's {@code Conv}, {@code Gemm} (or {@code
   * MatMul} by a constant) and {@code BatchNormalization} nodes in topological order, whatever
   * their names; {@code options} adds explicit name matches or a partial import. A batch norm
   * the producer folded into the convolution before it is set to the identity carrying that
   * convolution's bias. Nothing is written unless everything matched: on an {@link
   * OnnxException} (unreadable file, unsupported opset or operator, cycle, a mismatch naming the
   * Annet layer, the ONNX node and both shapes) the network is unchanged.
   */
  public static OnnxImportReport loadWeights(Network network, Path path,
      OnnxImportOptions options) throws IOException {
    OnnxModelReader model = OnnxModelReader.read(path);
    network.claim("loadWeights");
    try {
      String name = network.architecture().modelName();
      requireInput(model, network, path);
      List<AnnetSlot> slots = AnnetSlot.of(Topology.of(network.architecture()),
          LayerIndex.of(network), name);
      WeightMatcher matcher = new WeightMatcher(slots, model, options, network.dataType());
      OnnxImportReport report = matcher.match();
      matcher.commit();
      return report;
    } finally {
      network.release();
    }
  }

  /**
   * The weights of the ONNX file {@code path} as a {@link WeightSource} for {@link
   * BlockWeights#load(Network, String, WeightSource, String)}: matched by graph structure, as
   * {@link #loadWeights(Network, Path)} does, onto a network {@code like} of the file's
   * architecture (e.g. a fresh network of the model the file was exported from), which stays
   * unchanged; the tensors take {@code like}'s names. An Annet export carries its spec, so loading
   * a block from it checks the block's spec hash as from a checkpoint.
   *
   * <pre>
   * WeightSource source = Onnx.weightSource(Path.of("source.onnx"), DigitsSourceNetwork.create(0));
   * BlockWeights.load(target, "backbone", source, "backbone");
   * </pre>
   *
   * @throws OnnxException when the file does not match {@code like} (naming the first layer)
   */
  public static WeightSource weightSource(Path path, Network like) throws IOException {
    return weightSource(path, like, OnnxImportOptions.defaults());
  }

  /**
   * {@link #weightSource(Path, Network)} with {@code options}: with {@code upTo("backbone")},
   * {@code like} can be the network the backbone is for (another head), matched to the file's
   * first layers, the rest of the file left out (a file from another producer, e.g. PyTorch); only
   * the layers the match filled are in the source. Without the spec in the file and without a
   * match of the whole file, only tensor names and shapes are checked on loading.
   */
  public static WeightSource weightSource(Path path, Network like, OnnxImportOptions options)
      throws IOException {
    OnnxModelReader model = OnnxModelReader.read(path);
    like.claim("Onnx.weightSource");
    try {
      requireInput(model, like, path);
      return OnnxWeightSource.match(path, model, like, options);
    } finally {
      like.release();
    }
  }

  /** The file's graph input must be {@code [N, C, H, W]} of the network (unknown sizes pass). */
  private static void requireInput(OnnxModelReader model, Network network, Path path) {
    int[] expected = network.architecture().inputShape();
    java.util.Set<String> constants = model.constants().keySet();
    for (var input : model.model().getGraph().getInputList()) {
      if (constants.contains(input.getName()) || !input.getType().hasTensorType()) {
        continue;
      }
      var dims = input.getType().getTensorType().getShape().getDimList();
      boolean ok = dims.isEmpty() || dims.size() == expected.length + 1;
      for (int i = 0; ok && i < expected.length; i++) {
        var d = dims.get(i + 1);
        ok = !d.hasDimValue() || d.getDimValue() == expected[i];
      }
      if (!ok) {
        throw new OnnxException(path + ": the ONNX input " + input.getName() + " is "
            + dims.stream().map(d -> d.hasDimValue() ? "" + d.getDimValue() : d.getDimParam())
                .toList() + ", but " + network.architecture().modelName() + " takes [N, "
            + java.util.Arrays.stream(expected).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ")) + "]");
      }
      return;
    }
  }
}
