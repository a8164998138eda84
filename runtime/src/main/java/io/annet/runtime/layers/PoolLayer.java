package io.annet.runtime.layers;

import io.annet.dsl.Activation;
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
  private BlockedLayout maskScope; // while active, dy is masked by the input's ReLU first
  private ActivationCall mask; // that ReLU's backward, on the pooled output
  private BatchBuffer maskedGradient; // its result when dy is not ours to write over
  private boolean overwrites; // the step's output gradient is ours to write over

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
    INDArray dy = gradOutput;
    if (maskScope != null && maskScope.active()) {
      Checks.sameShape(name, gradOutput, saved.output());
      dy = Checks.contiguous(gradOutput);
      long n = dy.size(0);
      INDArray target = overwrites && mask.inPlace(saved.output(), dy) ? dy
          : maskedGradient.get(n);
      dy = mask.backward(null, saved.output(), dy, target);
    }
    return pooling.backward(saved.input(), saved.output(), saved.workspace(), dy);
  }

  /**
   * Max pooling on oneDNN takes a ReLU's gradient: {@code relu(max(x)) = max(relu(x))}, and the
   * backward sends each window's gradient to the one cell that holds the window's maximum, so
   * ReLU's mask {@code p > 0} on the pooled output {@code p} is exactly the mask of the cells that
   * receive a gradient (sums over overlapping windows included: the mask is 0 or 1).
   */
  @Override
  public boolean takesActivationGradient(Activation activation, BlockedLayout scope) {
    if (!pooling.max || activation != Activation.RELU || !pooling.onOneDnn()) {
      return false;
    }
    if (mask == null) {
      mask = new ActivationCall(activation);
      maskedGradient = new BatchBuffer(dtype, outputShape());
    }
    maskScope = scope;
    return true;
  }

  /**
   * Whether its backward, in the network's training step, masks its output's gradient by its
   * input's ReLU before pooling it back ({@link #takesActivationGradient}).
   */
  public boolean masksOutputGradient() {
    return maskScope != null;
  }

  @Override
  public void allowOverwritingOutputGradient(boolean allowed) {
    this.overwrites = allowed;
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
    this.maskScope = null;
    this.overwrites = false;
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
