package io.annet.runtime.train;

import io.annet.runtime.Network;
import io.annet.runtime.Trainable;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.CheckpointException;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@link Trainer}'s checkpoint file I/O: resuming a network from one and writing one. */
final class TrainerCheckpoints {
  private TrainerCheckpoints() {}

  /**
   * Loads {@code path} into {@code net}'s parameters after checking its tensors' names and shapes
   * against them; returns the checkpoint, whose optimizer state the caller restores.
   */
  static Checkpoint load(Path path, Trainable net) throws IOException {
    Checkpoint loaded = Checkpoints.load(path, net.architecture());
    Map<String, INDArray> parameters = net.parameters();
    if (!parameters.keySet().equals(loaded.parameters().keySet())) {
      throw new CheckpointException(
          path, "holds tensors " + loaded.parameters().keySet() + " but "
              + net.architecture().modelName() + " has " + parameters.keySet());
    }
    for (Map.Entry<String, INDArray> e : loaded.parameters().entrySet()) {
      INDArray target = parameters.get(e.getKey());
      if (!Arrays.equals(target.shape(), e.getValue().shape())) {
        throw new CheckpointException(
            path, "tensor '" + e.getKey() + "' has shape " + Arrays.toString(e.getValue().shape())
                + " but the network expects " + Arrays.toString(target.shape()));
      }
    }
    Network owned = net instanceof Network network ? network : null;
    if (owned != null) {
      owned.claim("Trainer.resume");
    }
    try {
      loaded.parameters().forEach((name, value) -> parameters.get(name).assign(value));
    } finally {
      if (owned != null) {
        owned.release();
      }
    }
    return loaded;
  }

  /**
   * Writes {@code net}'s parameters and {@code optimizer}'s state to {@code checkpoint}. A pending
   * interrupt would abort the file channel's I/O, so it is cleared for the write (and a write
   * aborted by one is redone), then set again.
   */
  static void save(Path checkpoint, Trainable net, Optimizer optimizer) {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          Checkpoints.save(checkpoint, net.architecture(), net.parameters(), optimizer.state());
          return;
        } catch (ClosedByInterruptException e) {
          interrupted |= Thread.interrupted();
          if (attempt == 3) {
            throw new CheckpointException(checkpoint, "interrupted while writing, 3 times", e);
          }
        } catch (IOException e) {
          throw new CheckpointException(checkpoint, "cannot write: " + e, e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
