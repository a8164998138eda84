package io.annet.runtime.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): before each Adam step the
 * parameters shrink by {@code p = p * (1 - lr * weightDecay)}, independent of the gradient
 * statistics. State keys use the prefix {@code adamw}.
 */
public final class AdamW extends Adam {

  /** AdamW with betas 0.9 and 0.999 and epsilon 1e-8. */
  public AdamW(double learningRate, double weightDecay) {
    this(learningRate, 0.9, 0.999, 1e-8, weightDecay);
  }

  /** The full form. */
  public AdamW(
      double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    super("adamw", learningRate, beta1, beta2, epsilon, weightDecay, true);
  }
}
