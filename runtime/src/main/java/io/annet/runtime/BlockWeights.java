package io.annet.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads the tensors of one block (a backbone) from a {@link WeightSource} into a network that
 * uses the same block, whatever the rest of either network: the block's spec (its layers,
 * attributes, wiring and output shapes, independent of where it is used) must hash the same in
 * both, and every tensor under the block's name must be there with the same shape; otherwise
 * nothing is loaded and the error names the first differing layer with both shapes. Every other
 * tensor keeps its value: a new head keeps its fresh initialisation.
 *
 * <pre>
 * DigitsTargetNetwork net = DigitsTargetNetwork.create(7);       // backbone + a new head
 * BlockWeights.load(net, "backbone", Path.of("out/source.ckpt"));  // a checkpoint of another model
 * net.freeze("backbone");
 * </pre>
 */
public final class BlockWeights {
  private BlockWeights() {}

  /**
   * Loads block {@code block} of {@code net} from the same block of a checkpoint of any model
   * (running statistics included); returns the names of the tensors loaded.
   *
   * @throws ShapeMismatchException naming the first differing layer with both shapes, or the
   *     missing or differently shaped tensor; nothing is loaded then
   * @throws IOException when the checkpoint cannot be read
   */
  public static List<String> load(Network net, String block, Path checkpoint)
      throws IOException {
    return load(net, block, WeightSource.checkpoint(checkpoint), block);
  }

  /**
   * Loads the tensors named {@code sourceBlock.*} of {@code source} into {@code net}'s {@code
   * block.*}; returns their names (see {@link #load(Network, String, Path)}).
   */
  public static List<String> load(Network net, String block, WeightSource source,
      String sourceBlock) {
    net.claim("BlockWeights.load");
    try {
      return load(net.architecture(), net.parameters(), net.dataType(), block, source,
          sourceBlock);
    } finally {
      net.release();
    }
  }

  private static List<String> load(Architecture target, Map<String, INDArray> parameters,
      DataType dtype, String block, WeightSource source, String sourceBlock) {
    String where = target.modelName() + ": cannot load block '" + block + "' from "
        + source.description();
    Map<String, INDArray> tensors = source.tensors();
    Optional<String> sourceSpec = source.spec();
    if (sourceSpec.isPresent()) {
      checkSpec(where, target.spec(), block, sourceSpec.get(), sourceBlock, parameters, tensors);
    }
    String prefix = block + ".";
    String from = sourceBlock + ".";
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String key = from + e.getKey().substring(prefix.length());
      INDArray value = tensors.get(key);
      if (value == null || !Arrays.equals(value.shape(), e.getValue().shape())) {
        throw new ShapeMismatchException(where + ": "
            + (value == null ? "it has no tensor " + key
                : "tensor " + key + " is " + Arrays.toString(value.shape()) + ", this network's "
                    + e.getKey() + " is " + Arrays.toString(e.getValue().shape())));
      }
      names.add(e.getKey());
    }
    if (names.isEmpty()) {
      throw new AnnetException(where + ": this network has no tensor named " + prefix + "*");
    }
    for (String key : tensors.keySet()) {
      if (key.startsWith(from) && !parameters.containsKey(prefix + key.substring(from.length()))) {
        throw new ShapeMismatchException(where + ": it has tensor " + key
            + ", which this network's block lacks");
      }
    }
    for (String name : names) {
      INDArray value = tensors.get(from + name.substring(prefix.length()));
      if (NonFinite.count(value) > 0) {
        throw new NonFiniteValueException(where + ": tensor " + name
            + " holds NaN or infinite values (saved from a diverged run?)");
      }
    }
    for (String name : names) {
      parameters.get(name).assign(tensors.get(from + name.substring(prefix.length())).castTo(dtype));
    }
    return List.copyOf(names);
  }

  /** Compares the block's lines in both specs by hash; names the first differing layer. */
  private static void checkSpec(String where, String targetSpec, String block, String sourceSpec,
      String sourceBlock, Map<String, INDArray> parameters, Map<String, INDArray> tensors) {
    List<String> mine = SpecGraph.parse(targetSpec).blockLines(block);
    List<String> theirs = SpecGraph.parse(sourceSpec).blockLines(sourceBlock);
    if (mine.isEmpty()) {
      throw new AnnetException(where + ": this network has no block '" + block + "'");
    }
    if (theirs.isEmpty()) {
      throw new AnnetException(where + ": it has no block '" + sourceBlock + "'");
    }
    String hashMine = hash(mine);
    String hashTheirs = hash(theirs);
    if (hashMine.equals(hashTheirs)) {
      return;
    }
    int i = 0;
    while (i < mine.size() && i < theirs.size() && mine.get(i).equals(theirs.get(i))) {
      i++;
    }
    String message;
    if (i == 0) {
      message = "the block's input is " + theirs.get(0).substring("input=".length())
          + " there, " + mine.get(0).substring("input=".length()) + " here";
    } else {
      String layer = name(i < mine.size() ? mine.get(i) : theirs.get(i));
      message = "they differ first at layer " + block + "." + layer + ": "
          + (i < theirs.size() ? theirs.get(i).substring(layer.length() + 1) : "(absent)")
          + " there, " + (i < mine.size() ? mine.get(i).substring(layer.length() + 1) : "(absent)")
          + " here" + tensorShapes(block + "." + layer, sourceBlock + "." + layer, parameters,
              tensors);
    }
    throw new ShapeMismatchException(where + ": its block '" + sourceBlock + "' (spec hash "
        + hashTheirs + ") is not this network's '" + block + "' (spec hash " + hashMine + "); "
        + message);
  }

  /** {@code " (weight [32, 16, 3, 3] there, [64, 16, 3, 3] here)"} for the first that differs. */
  private static String tensorShapes(String layer, String sourceLayer,
      Map<String, INDArray> parameters, Map<String, INDArray> tensors) {
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      if (!e.getKey().startsWith(layer + ".")) {
        continue;
      }
      String suffix = e.getKey().substring(layer.length() + 1);
      INDArray theirs = tensors.get(sourceLayer + "." + suffix);
      if (theirs != null && !Arrays.equals(theirs.shape(), e.getValue().shape())) {
        return " (" + suffix + " " + Arrays.toString(theirs.shape()) + " there, "
            + Arrays.toString(e.getValue().shape()) + " here)";
      }
    }
    return "";
  }

  private static String name(String line) {
    return line.substring(0, line.indexOf(' '));
  }

  private static String hash(List<String> lines) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
