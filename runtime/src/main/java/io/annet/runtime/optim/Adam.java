package io.annet.runtime.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, 2015) with bias correction and optional L2 weight decay added to the
 * gradient; {@link AdamW} is the decoupled-decay variant.
 *
 * <pre>
 *   g = grad (+ weightDecay * p for Adam with L2)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 *
 * <p>State: {@code <prefix>.m.<parameter>}, {@code <prefix>.v.<parameter>} and {@code
 * <prefix>.iteration}, the prefix being {@code adam} or {@code adamw}.
 */
public class Adam extends AbstractOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final boolean decoupled;
  private INDArray epsilonScalar;

  /** Adam with the usual defaults: betas 0.9 and 0.999, epsilon 1e-8, no weight decay. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /** Adam with L2 weight decay added to the gradient ({@code weightDecay} >= 0). */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    this("adam", learningRate, beta1, beta2, epsilon, weightDecay, false);
  }

  Adam(
      String prefix,
      double learningRate,
      double beta1,
      double beta2,
      double epsilon,
      double weightDecay,
      boolean decoupled) {
    super(prefix, learningRate, List.of("m", "v"));
    checkRate("Adam beta1", beta1, 0, 1);
    checkRate("Adam beta2", beta2, 0, 1);
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("Adam epsilon must be finite and > 0, found " + epsilon);
    }
    checkRate("Adam weight decay", weightDecay, 0, Double.POSITIVE_INFINITY);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  @Override
  final void update(String name, INDArray parameter, INDArray gradient, INDArray scratch) {
    double lr = learningRate();
    int t = iteration();
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    INDArray m = slot("m", name, parameter);
    INDArray v = slot("v", name, parameter);
    if (decoupled && weightDecay != 0) {
      scale(1 - lr * weightDecay, parameter);
    }
    INDArray g = scratch.assign(gradient);
    if (!decoupled && weightDecay != 0) {
      axpy(weightDecay, parameter, g);
    }
    scale(beta1, m);
    axpy(1 - beta1, g, m);
    binary("multiply", g, g, g);
    scale(beta2, v);
    axpy(1 - beta2, g, v);
    // scratch = m / (sqrt(v / c2) + eps); p -= lr / c1 * scratch; nothing allocated
    scratch.assign(v);
    scale(1 / correction2, scratch);
    Transforms.sqrt(scratch, false);
    binary("add", scratch, epsilon(scratch), scratch);
    binary("divide", m, scratch, scratch);
    axpy(-lr / correction1, scratch, parameter);
  }

  /** The epsilon as a scalar array of {@code like}'s type, made once. */
  private INDArray epsilon(INDArray like) {
    if (epsilonScalar == null || epsilonScalar.dataType() != like.dataType()) {
      epsilonScalar = Nd4j.scalar(like.dataType(), epsilon);
    }
    return epsilonScalar;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(lr=" + learningRate() + ", beta1=" + beta1 + ", beta2="
        + beta2 + ", epsilon=" + epsilon + ", weightDecay=" + weightDecay + ")";
  }
}
