package io.annet.runtime;

import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Loads a checkpoint into a {@link Network}'s parameter tensors, refusing any it cannot hold. */
final class CheckpointRestore {
  private CheckpointRestore() {}

  /**
   * Loads {@code path}, written for {@code architecture}, into {@code parameters} (converted to
   * {@code dtype}); returns its optimizer state. Fails on non-finite tensors and on a missing or
   * differently shaped one.
   */
  static Map<String, INDArray> restore(Path path, Architecture architecture,
      Map<String, INDArray> parameters, DataType dtype) throws IOException {
    Checkpoint checkpoint = Checkpoints.load(path, architecture);
    Map<String, INDArray> loaded = checkpoint.parameters();
    String nonFinite = NonFinite.first(loaded);
    if (nonFinite != null) {
      throw new CheckpointException(path, "tensor " + nonFinite
          + ": it was saved from a diverged run, and the network would compute NaN from it");
    }
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      INDArray value = loaded.get(e.getKey());
      if (value == null || !Arrays.equals(value.shape(), e.getValue().shape())) {
        throw new ShapeMismatchException(
            architecture.modelName() + ": checkpoint " + path + " has "
                + (value == null ? "no tensor " + e.getKey()
                    : e.getKey() + " " + Arrays.toString(value.shape()) + " instead of "
                        + Arrays.toString(e.getValue().shape())));
      }
      e.getValue().assign(value.castTo(dtype));
    }
    return checkpoint.optimizerState();
  }
}
