package io.annet.runtime.onnx;

import io.annet.runtime.Network;
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
}
