package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What global max and average pooling share: shape rule {@code [C, H, W] -> [C]}, no parameters,
 * one {@code H x W} window on {@link Pooling} whose {@code [N, C, 1, 1]} result is viewed as
 * {@code [N, C]}; a subclass names its kind and makes its {@code Saved} record.
 *
 * @param <S> the subclass's {@code Saved} record
 */
abstract class GlobalPoolLayer<S extends GlobalPoolLayer.Pooled> extends KernelBase
    implements Kernel<S>, InferencePlannable, BlockedTraining {
  /** What a global pooling layer's backward needs: its {@code Saved} record's components. */
  interface Pooled extends Forward {
    /** The c-order input {@code [N, C, H, W]}. */
    INDArray input();

    /** The pooled maps {@code [N, C, 1, 1]}. */
    INDArray pooled();

    /** The same values viewed as {@code [N, C]}. */
    INDArray output();

    /** The backend's workspace of this forward (oneDNN's max pooling: its arg-max positions). */
    long workspace();
  }

  private final Pooling pooling;
  private final int channels;
  private final ViewCache outputView = new ViewCache();
  private final ViewCache gradView = new ViewCache();
  private final Pooling.Result<S> result = this::viewed;

  GlobalPoolLayer(String name, String kind, boolean max, int[] inputShape, DataType dtype) {
    super(name, kind, inputShape, dtype);
    if (inputShape.length != 3) {
      throw new ShapeMismatchException(
          name + ": global pooling needs an input [C, H, W], found "
              + Arrays.toString(inputShape));
    }
    Window whole = new Window(inputShape[1], inputShape[2], 1, 1, 0, 0, false);
    this.pooling = new Pooling(name, max, inputShape, whole, dtype);
    this.channels = inputShape[0];
    outputShape(channels);
  }

  private S viewed(INDArray x, INDArray pooled, long workspace) {
    return saved(x, pooled, outputView.reshape(pooled, pooled.size(0), channels), workspace);
  }

  /** The record of one forward. */
  abstract S saved(INDArray input, INDArray pooled, INDArray output, long workspace);

  /** Its input's gradient is its own buffer ({@link Pooling#backward}). */
  @Override
  public boolean ownsInputGradient() {
    return true;
  }

  /** One window of the whole map on the input's layout, giving {@code [N, C, 1, 1]}. */
  @Override
  public Role layoutRole() {
    return Role.CONVERTS;
  }

  @Override
  public boolean readsBlocked() {
    return pooling.readsBlocked();
  }

  @Override
  public boolean writesBlocked() {
    return false;
  }

  @Override
  public boolean markBlocked(BlockedLayout scope, boolean input, boolean output) {
    pooling.markBlocked(input ? scope : null);
    return scope != null && input;
  }

  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.globalPool(inputs.get(0), pooling.max);
  }

  @Override
  public S forward(INDArray input, boolean training) {
    return pooling.forward(input, result); // [N,C,1,1] viewed as [N,C]
  }

  @Override
  public INDArray backward(S saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy =
        gradView.reshape(Checks.contiguous(gradOutput), gradOutput.size(0), channels, 1, 1);
    return pooling.backward(saved.input(), saved.pooled(), saved.workspace(), dy);
  }
}
