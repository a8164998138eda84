package io.annet.runtime;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the training loop needs of a network; every generated network is one. */
public interface Trainable {
  /** The compile-time description of the network. */
  Architecture architecture();

  /** Inference-mode class probabilities {@code [N, classes]} for input {@code [N, C, H, W]}. */
  INDArray predict(INDArray x);

  /**
   * Training-mode forward, mean softmax cross-entropy over the batch, full backward into {@link
   * #gradients()}; returns the loss. {@code labels} is one-hot {@code [N, classes]}.
   */
  double computeGradients(INDArray x, INDArray labels);

  /** All named tensors, ordered, live: trainable weights and running statistics. */
  Map<String, INDArray> parameters();

  /** Gradients of the trainable parameters, same keys and order, live. */
  Map<String, INDArray> gradients();
}
