package io.annet.runtime.layers;

import io.annet.dsl.Layer;
import io.annet.runtime.Parameter;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's computation: forward and backward side by side, the state backward needs passed
 * explicitly as the {@link Forward} record that forward returned.
 *
 * @param <S> the record forward returns and backward consumes
 */
public interface Kernel<S extends Forward> extends Layer {
  /**
   * Computes the output for a batch {@code [N, ...inputShape]}; dropout and batch statistics only
   * when training.
   */
  S forward(INDArray input, boolean training);

  /**
   * Returns the gradient of the loss with respect to the input, and sets (not adds) this layer's
   * parameter gradients.
   */
  INDArray backward(S saved, INDArray gradOutput);

  /**
   * Sets this layer's parameter gradients from {@code gradOutput} where the input gradient is not
   * needed (the network's first layer, or the first that trains when the layers below it are
   * frozen); by default the full {@link #backward}.
   */
  default void backwardParameters(S saved, INDArray gradOutput) {
    backward(saved, gradOutput);
  }

  /** This layer's named tensors, in order; empty when it has none. */
  List<Parameter> parameters();
}
