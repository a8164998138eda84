package io.annet.examples.onnx;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.BatchNorm;
import io.annet.dsl.Block;
import io.annet.dsl.Conv;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;

/** The first stage of the PyTorch fixture's module ({@link TorchTwin}'s first three layers). */
@Block
public interface TorchStemBody {
  /** [1, 12, 12] -> [6, 12, 12]. */
  @Conv(filters = 6, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer conv1();

  /** Batch norm, then ReLU. */
  @BatchNorm(activation = RELU)
  Layer bn1();

  /** [6, 12, 12] -> [6, 6, 6]. */
  @MaxPool(kernel = 2)
  Layer pool1();
}
