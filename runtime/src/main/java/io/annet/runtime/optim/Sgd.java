package io.annet.runtime.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, in
 * the convention of PyTorch's {@code torch.optim.SGD} (no dampening).
 *
 * <pre>
 *   g = grad + weightDecay * p
 *   v = momentum * v + g                     (when momentum > 0)
 *   d = nesterov ? g + momentum * v : v      (d = g without momentum)
 *   p = p - lr * d
 * </pre>
 *
 * <p>State: {@code sgd.velocity.<parameter>} when momentum is on, and {@code sgd.iteration}.
 */
public final class Sgd extends AbstractOptimizer {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;

  /** Plain SGD. */
  public Sgd(double learningRate) {
    this(learningRate, 0, false, 0);
  }

  /** SGD with classical momentum. */
  public Sgd(double learningRate, double momentum) {
    this(learningRate, momentum, false, 0);
  }

  /**
   * The full form.
   *
   * @param momentum in [0, 1); 0 turns momentum off
   * @param nesterov Nesterov momentum; needs momentum > 0
   * @param weightDecay L2 coefficient added to the gradient, >= 0
   */
  public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
    super("sgd", learningRate, List.of("velocity"));
    checkRate("SGD momentum", momentum, 0, 1);
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0, found 0");
    }
    checkRate("SGD weight decay", weightDecay, 0, Double.POSITIVE_INFINITY);
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  @Override
  void update(String name, INDArray parameter, INDArray gradient, INDArray scratch) {
    double lr = learningRate();
    INDArray g = gradient;
    if (weightDecay != 0) {
      g = scratch.assign(gradient);
      axpy(weightDecay, parameter, g);
    }
    if (momentum == 0) {
      axpy(-lr, g, parameter);
      return;
    }
    INDArray velocity = slot("velocity", name, parameter);
    axpy(momentum, velocity, g, velocity); // v = momentum v + g, no scalar array
    if (nesterov) {
      if (g != scratch) {
        g = scratch.assign(gradient);
      }
      axpy(momentum, velocity, g);
      axpy(-lr, g, parameter);
    } else {
      axpy(-lr, velocity, parameter);
    }
  }

  @Override
  public String toString() {
    return "Sgd(lr=" + learningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov
        + ", weightDecay=" + weightDecay + ")";
  }
}
