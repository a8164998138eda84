package io.annet.runtime;

import io.annet.runtime.layers.Forward;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.layers.MergeKernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite-difference gradient checker for kernels and whole networks, with DL4J's settings:
 * float64 only, central differences with {@code eps = 1e-6}, and a failure when the relative
 * error {@code |a - n| / (|a| + |n|)} exceeds {@code 1e-3} while the absolute error exceeds
 * {@code 1e-8}.
 *
 * <p>It lives in main code (like DL4J's {@code GradientCheckUtil}) so that every module's tests,
 * and users checking their own models, can call it. It perturbs the arrays in place and restores
 * them.
 */
public final class GradientCheck {
  private GradientCheck() {}

  /**
   * The tolerances and the sampling of elements.
   *
   * @param epsilon the central-difference step
   * @param maxRelativeError the largest accepted relative error
   * @param minAbsoluteError absolute errors at or below this always pass
   * @param maxPerTensor elements checked per tensor (a seeded sample when the tensor is larger)
   * @param seed seeds the sample and the random output weights of {@link #checkKernel}
   */
  public record Options(
      double epsilon, double maxRelativeError, double minAbsoluteError, int maxPerTensor,
      long seed) {
    /** DL4J's settings, every element checked. */
    public static final Options DEFAULT = new Options(1e-6, 1e-3, 1e-8, Integer.MAX_VALUE, 42L);

    /** The same options, checking at most {@code n} elements per tensor. */
    public Options withMaxPerTensor(int n) {
      return new Options(epsilon, maxRelativeError, minAbsoluteError, n, seed);
    }
  }

  /**
   * One element whose analytic gradient disagrees with the numeric one.
   *
   * @param tensor the tensor's name ({@code input} for a kernel's input)
   * @param index the element's c-order linear index
   * @param analytic the gradient the code computed
   * @param numeric the central difference
   * @param relativeError {@code |a - n| / (|a| + |n|)}
   */
  public record Failure(
      String tensor, long index, double analytic, double numeric, double relativeError) {}

  /**
   * The outcome of one check.
   *
   * @param checked how many elements were compared
   * @param maxRelativeError the worst relative error among elements above the absolute threshold
   * @param failures the elements that failed, in checking order
   */
  public record Report(int checked, double maxRelativeError, List<Failure> failures) {
    /** Whether no element failed. */
    public boolean passed() {
      return failures.isEmpty();
    }

    /** Throws an {@link AssertionError} listing the first failures unless the check passed. */
    public Report assertPassed() {
      if (!passed()) {
        throw new AssertionError(toString());
      }
      return this;
    }

    @Override
    public String toString() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  "gradient check: %d elements, max relative error %.3g, %d failures",
                  checked, maxRelativeError, failures.size()));
      for (Failure f : failures.subList(0, Math.min(10, failures.size()))) {
        b.append(
            String.format(
                "%n  %s[%d]: analytic %.8g, numeric %.8g, relative error %.3g",
                f.tensor(), f.index(), f.analytic(), f.numeric(), f.relativeError()));
      }
      return b.toString();
    }
  }

  /**
   * Checks {@code gradients} against central differences of {@code lossAndGradients}, which must
   * compute the loss from the current {@code values} and (re)compute the gradients; every key of
   * {@code gradients} must be a key of {@code values}.
   */
  public static Report check(
      DoubleSupplier lossAndGradients, Map<String, INDArray> values,
      Map<String, INDArray> gradients, Options options) {
    lossAndGradients.getAsDouble();
    Map<String, INDArray> analytic = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      INDArray value = values.get(e.getKey());
      if (value == null || value.dataType() != DataType.DOUBLE) {
        throw new IllegalArgumentException(
            "gradient checks need a float64 value for every gradient; " + e.getKey() + " is "
                + (value == null ? "missing" : value.dataType()));
      }
      analytic.put(e.getKey(), e.getValue().dup('c'));
    }
    SplittableRandom random = new SplittableRandom(options.seed());
    List<Failure> failures = new ArrayList<>();
    int checked = 0;
    double worst = 0;
    double eps = options.epsilon();
    for (Map.Entry<String, INDArray> e : analytic.entrySet()) {
      INDArray value = values.get(e.getKey());
      for (long i : sample(value.length(), options.maxPerTensor(), random)) {
        double original = value.getDouble(i);
        value.putScalar(i, original + eps);
        double plus = lossAndGradients.getAsDouble();
        value.putScalar(i, original - eps);
        double minus = lossAndGradients.getAsDouble();
        value.putScalar(i, original);
        double numeric = (plus - minus) / (2 * eps);
        double a = e.getValue().getDouble(i);
        double abs = Math.abs(a - numeric);
        checked++;
        if (abs > options.minAbsoluteError()) {
          double rel = abs / (Math.abs(a) + Math.abs(numeric));
          worst = Math.max(worst, rel);
          if (!(rel <= options.maxRelativeError())) {
            failures.add(new Failure(e.getKey(), i, a, numeric, rel));
          }
        }
      }
    }
    lossAndGradients.getAsDouble(); // leave the gradients of the unperturbed values behind
    return new Report(checked, worst, List.copyOf(failures));
  }

  /**
   * Checks a kernel's input and trainable-parameter gradients with the scalar loss {@code
   * sum(output * R)}, {@code R} fixed random weights; {@code beforeForward} runs before every
   * forward (e.g. to reseed a dropout mask), may be null.
   */
  public static <S extends Forward> Report checkKernel(
      Kernel<S> kernel, INDArray input, boolean training, Runnable beforeForward,
      Options options) {
    INDArray x = input.dup('c');
    S first = kernel.forward(x, training);
    INDArray weights = randomLike(first.output(), options.seed()); // R, fixed for the check
    INDArray inputGrad = Nd4j.zeros(DataType.DOUBLE, x.shape());
    Map<String, INDArray> values = new LinkedHashMap<>();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    values.put("input", x);
    grads.put("input", inputGrad);
    for (Parameter p : kernel.parameters()) {
      if (p.trainable()) {
        values.put(p.name(), p.value());
        grads.put(p.name(), p.gradient());
      }
    }
    DoubleSupplier loss =
        () -> {
          if (beforeForward != null) {
            beforeForward.run();
          }
          S saved = kernel.forward(x, training);
          double l = saved.output().mul(weights).sumNumber().doubleValue();
          inputGrad.assign(kernel.backward(saved, weights));
          return l;
        };
    return check(loss, values, grads, options);
  }

  /**
   * Checks a merge kernel's input gradients (named {@code input0}, {@code input1}, ...) with the
   * scalar loss {@code sum(output * R)}.
   */
  public static <S extends Forward> Report checkMergeKernel(
      MergeKernel<S> kernel, INDArray[] inputs, boolean training, Options options) {
    INDArray[] xs = new INDArray[inputs.length];
    INDArray[] inputGrads = new INDArray[inputs.length];
    Map<String, INDArray> values = new LinkedHashMap<>();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    for (int i = 0; i < inputs.length; i++) {
      xs[i] = inputs[i].dup('c');
      inputGrads[i] = Nd4j.zeros(DataType.DOUBLE, xs[i].shape());
      values.put("input" + i, xs[i]);
      grads.put("input" + i, inputGrads[i]);
    }
    INDArray weights = randomLike(kernel.forward(training, xs).output(), options.seed());
    DoubleSupplier loss =
        () -> {
          S saved = kernel.forward(training, xs);
          double l = saved.output().mul(weights).sumNumber().doubleValue();
          INDArray[] dx = kernel.backward(saved, weights);
          for (int i = 0; i < dx.length; i++) {
            inputGrads[i].assign(dx[i]);
          }
          return l;
        };
    return check(loss, values, grads, options);
  }

  /** Uniform values in [-1, 1) of {@code like}'s shape, fixed by {@code seed}. */
  private static INDArray randomLike(INDArray like, long seed) {
    double[] r = new double[(int) like.length()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < r.length; i++) {
      r[i] = 2 * random.nextDouble() - 1;
    }
    return Nd4j.create(r, like.shape(), 'c');
  }

  /** Checks every trainable parameter of {@code network} on one batch (training mode). */
  public static Report checkNetwork(
      Network network, INDArray x, INDArray labels, Options options) {
    return check(
        () -> network.computeGradients(x, labels),
        network.parameters(),
        network.gradients(),
        options);
  }

  private static Set<Long> sample(long length, int max, SplittableRandom random) {
    Set<Long> picked = new LinkedHashSet<>();
    if (length <= max) {
      for (long i = 0; i < length; i++) {
        picked.add(i);
      }
      return picked;
    }
    while (picked.size() < max) {
      picked.add(random.nextLong(length));
    }
    return picked;
  }
}
