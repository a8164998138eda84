package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What max and average pooling over a sliding window share: shape rule {@code [C, H, W] -> [C,
 * H', W']} with H', W' from {@link Window} (as for a convolution), no parameters, forward and
 * backward on {@link Pooling}; a subclass names its kind and makes its {@code Saved} record.
 *
 * @param <S> the subclass's {@code Saved} record
 */
abstract class PoolLayer<S extends PoolLayer.Pooled> extends KernelBase
    implements Kernel<S>, InferencePlannable, BlockedTraining {
  /** What a pooling layer's backward needs: its {@code Saved} record's components. */
  interface Pooled extends Forward {
    /** The c-order input {@code [N, C, H, W]}. */
    INDArray input();

    /** The pooled output {@code [N, C, H', W']}. */
    INDArray output();

    /** The backend's workspace of this forward (oneDNN's max pooling: its arg-max positions). */
    long workspace();
  }

  private final Pooling pooling;
  private final Pooling.Result<S> result = this::saved;

  PoolLayer(String name, String kind, boolean max, int[] inputShape, Window window,
      DataType dtype) {
    super(name, kind, inputShape, dtype);
    this.pooling = new Pooling(name, max, inputShape, window, dtype);
    outputShape(pooling.outputShape);
  }

  /** The record of one forward. */
  abstract S saved(INDArray input, INDArray output, long workspace);

  @Override
  public S forward(INDArray input, boolean training) {
    return pooling.forward(input, result);
  }

  @Override
  public INDArray backward(S saved, INDArray gradOutput) {
    return pooling.backward(saved.input(), saved.output(), saved.workspace(), gradOutput);
  }

  /** Its input's gradient is its own buffer ({@link Pooling#backward}). */
  @Override
  public boolean ownsInputGradient() {
    return true;
  }

  /** The pooling on the input's layout as it is (oneDNN's padding of the window). */
  @Override
  public Role layoutRole() {
    return Role.KEEPS;
  }

  @Override
  public boolean readsBlocked() {
    return pooling.readsBlocked();
  }

  @Override
  public boolean writesBlocked() {
    return pooling.readsBlocked();
  }

  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    pooling.markBlocked(input ? scope : null);
    return scope != null && input;
  }

  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    Window w = pooling.window;
    if (!OneDnn.ordinary(w, inputShape[1], inputShape[2])) {
      throw PlanBuilder.unsupported(name + ": oneDNN does not take the window " + w);
    }
    return plan.pool(inputs.get(0), pooling.max, new int[] {w.kernelHeight(), w.kernelWidth()},
        new int[] {w.strideHeight(), w.strideWidth()},
        OneDnn.padding(w, inputShape[1], inputShape[2]), output());
  }

  /** The sliding window. */
  public Window window() {
    return pooling.window;
  }

  @Override
  String describe() {
    return " " + pooling.window + super.describe();
  }
}
