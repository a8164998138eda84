package io.annet.spark;

import io.annet.runtime.Network;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The driver's checkpoints: the runtime's format, weights and optimizer state. */
final class SparkCheckpoints {
  private SparkCheckpoints() {}

  /**
   * Loads {@code path} into {@code net} and, when it holds optimizer state, into {@code
   * optimizer}; returns the steps it had done, or -1 without optimizer state.
   */
  static long load(Network net, Path path, Optimizer optimizer) throws IOException {
    Checkpoint loaded = Checkpoints.load(path, net.architecture());
    Map<String, INDArray> parameters = net.parameters();
    if (!parameters.keySet().equals(loaded.parameters().keySet())) {
      throw new CheckpointException(path, "holds tensors " + loaded.parameters().keySet()
          + " but " + net.architecture().modelName() + " has " + parameters.keySet());
    }
    for (Map.Entry<String, INDArray> e : loaded.parameters().entrySet()) {
      INDArray target = parameters.get(e.getKey());
      if (!Arrays.equals(target.shape(), e.getValue().shape())) {
        throw new CheckpointException(path, "tensor '" + e.getKey() + "' has shape "
            + Arrays.toString(e.getValue().shape()) + " but the network expects "
            + Arrays.toString(target.shape()));
      }
      target.assign(e.getValue());
    }
    if (loaded.optimizerState().isEmpty()) {
      return -1;
    }
    optimizer.loadState(loaded.optimizerState());
    return optimizer.iteration();
  }

  /** Writes {@code net}'s tensors and {@code optimizer}'s state to {@code path}. */
  static void save(Network net, Path path, Optimizer optimizer) {
    try {
      Checkpoints.save(path, net.architecture(), net.parameters(), optimizer.state());
    } catch (IOException e) {
      throw new CheckpointException(path, "cannot write: " + e, e);
    }
  }
}
