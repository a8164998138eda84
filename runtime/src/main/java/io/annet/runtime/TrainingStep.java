package io.annet.runtime;

import io.annet.runtime.layers.BlockedLayout;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's training step on checked arguments: under the float32 blocked layouts planned for
 * it ({@link TrainingLayouts}, planned again after its layers or their freezing changed), its loss
 * checked to be finite, and the running statistics it moved undone when it fails.
 */
final class TrainingStep {
  private final Network network;
  private final StepChecks checks;
  private BlockedLayout layout;
  private boolean planned;

  TrainingStep(Network network, StepChecks checks) {
    this.network = network;
    this.checks = checks;
  }

  /** The loss of one step on {@code input} and {@code labels}, gradients computed. */
  double run(INDArray input, INDArray labels) {
    BlockedLayout blocked = current();
    checks.begin();
    try {
      if (blocked != null) {
        blocked.activate(true);
      }
      return checks.loss(network.trainStep(input, labels), input);
    } catch (RuntimeException e) {
      checks.undo();
      throw e;
    } finally {
      if (blocked != null) {
        blocked.activate(false);
      }
    }
  }

  /** Plans the layouts again before the next step (the layers or their freezing changed). */
  void replan() {
    planned = false;
  }

  /**
   * The blocked layouts of the step, planned again when asked to or when a kernel's scope went
   * stale; null when every tensor stays plain.
   */
  private BlockedLayout current() {
    if (!planned || (layout != null && layout.stale())) {
      TrainingLayouts.clear(network);
      layout = TrainingLayouts.plan(network);
      planned = true;
    }
    return layout;
  }

  /** Whether the last planned step keeps some tensor blocked. */
  boolean active() {
    return planned && layout != null;
  }
}
