package io.annet.examples.networks;

import io.annet.runtime.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A double-precision central finite-difference check of a whole network's backward pass, with the
 * DL4J settings: eps 1e-6, max relative error 1e-3 wherever the absolute error exceeds 1e-8.
 */
final class GradientCheck {
  static final double EPS = 1e-6;
  static final double MAX_RELATIVE_ERROR = 1e-3;
  static final double MIN_ABSOLUTE_ERROR = 1e-8;

  /** How the loss is evaluated at a perturbed point. */
  enum LossMode {
    /** Training-mode loss through {@code computeGradients}: needed with batch norm. */
    TRAINING,
    /**
     * Cross-entropy of {@code predict}: cheaper (forward only), valid when inference equals
     * training (no batch norm, no dropout).
     */
    INFERENCE
  }

  private GradientCheck() {}

  /**
   * Checks {@code samples} random entries of every trainable tensor (all of them when it is
   * smaller) and returns the failures, each naming the entry and both gradients; empty means pass.
   */
  static List<String> run(
      Network network, INDArray x, INDArray labels, int samples, long seed, LossMode mode) {
    network.computeGradients(x, labels);
    Map<String, INDArray> analytic = new LinkedHashMap<>();
    network.gradients().forEach((name, g) -> analytic.put(name, g.dup()));
    Map<String, INDArray> values = network.parameters();
    SplittableRandom random = new SplittableRandom(seed);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, INDArray> e : analytic.entrySet()) {
      INDArray value = values.get(e.getKey());
      long length = value.length();
      long count = Math.min(samples, length);
      for (long k = 0; k < count; k++) {
        long i = length <= samples ? k : random.nextLong(length);
        double original = value.getDouble(i);
        value.putScalar(i, original + EPS);
        double plus = loss(network, x, labels, mode);
        value.putScalar(i, original - EPS);
        double minus = loss(network, x, labels, mode);
        value.putScalar(i, original);
        double numeric = (plus - minus) / (2 * EPS);
        double exact = e.getValue().getDouble(i);
        double absolute = Math.abs(numeric - exact);
        double relative = absolute / Math.max(Math.abs(numeric), Math.abs(exact));
        if (absolute > MIN_ABSOLUTE_ERROR && relative > MAX_RELATIVE_ERROR) {
          failures.add(
              String.format(
                  "%s[%d]: backward %.10g, finite difference %.10g, relative error %.3g",
                  e.getKey(), i, exact, numeric, relative));
        }
        checked++;
      }
    }
    if (checked == 0) {
      failures.add("no trainable parameter was checked");
    }
    return failures;
  }

  private static double loss(Network network, INDArray x, INDArray labels, LossMode mode) {
    if (mode == LossMode.TRAINING) {
      return network.computeGradients(x, labels);
    }
    INDArray p = network.predict(x);
    return -Transforms.log(p, true).mul(labels).sumNumber().doubleValue() / x.size(0);
  }
}
