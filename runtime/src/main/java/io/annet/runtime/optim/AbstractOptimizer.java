package io.annet.runtime.optim;

import io.annet.runtime.AnnetException;
import io.annet.runtime.FiniteCheck;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.NonFinite;
import io.annet.runtime.NonFiniteValueException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bookkeeping every optimizer shares: learning rate, iteration count, per-parameter state
 * slots allocated on first use, one scratch buffer per parameter, and state export/import.
 */
abstract class AbstractOptimizer implements Optimizer {
  private final String prefix;
  private final List<String> slots;
  private double learningRate;
  private int iteration;
  /** slot -> parameter name -> buffer. */
  private final Map<String, Map<String, INDArray>> state = new LinkedHashMap<>();
  private final Map<String, INDArray> scratch = new LinkedHashMap<>();
  private final DynamicCustomOp axpyOp = DynamicCustomOp.builder("axpy").build();
  private OpContext axpyContext;
  private final Map<String, DynamicCustomOp> binaryOps = new LinkedHashMap<>();
  private OpContext binaryContext;
  private final FiniteCheck finiteGradients = new FiniteCheck();
  private final FiniteCheck finiteParameters = new FiniteCheck();

  AbstractOptimizer(String prefix, double learningRate, List<String> slots) {
    this.prefix = prefix;
    this.slots = List.copyOf(slots);
    setLearningRate(learningRate);
    for (String slot : this.slots) {
      state.put(slot, new LinkedHashMap<>());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every gradient is checked first (names, shapes, finite values), so a refused step changes
   * nothing; after the update every parameter is checked for overflow.
   *
   * @throws NonFiniteValueException when a gradient holds NaN or infinite values (nothing is
   *     updated), or when the update made a parameter NaN or infinite (a learning rate too high
   *     for the data type; the parameters then hold those values: restore them, as {@link
   *     io.annet.runtime.train.Trainer} does)
   */
  @Override
  public final void step(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      String name = e.getKey();
      INDArray gradient = e.getValue();
      if (gradient == null) {
        continue;
      }
      INDArray parameter = parameters.get(name);
      if (parameter == null) {
        throw new AnnetException(
            prefix + ": gradient '" + name + "' has no parameter of that name; parameters are "
                + parameters.keySet());
      }
      if (!Arrays.equals(parameter.shape(), gradient.shape())) {
        throw new AnnetException(
            prefix + ": gradient '" + name + "' has shape " + Arrays.toString(gradient.shape())
                + " but the parameter has shape " + Arrays.toString(parameter.shape()));
      }
      if (!finiteGradients.isFinite(name, gradient)) {
        throw new NonFiniteValueException(
            prefix + ": the gradient of '" + name + "' holds " + NonFinite.count(gradient)
                + " NaN or infinite value(s) of " + gradient.length() + "; no parameter was"
                + " updated (the loss, the inputs or the weights overflowed)");
      }
    }
    iteration++;
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      String name = e.getKey();
      INDArray gradient = e.getValue();
      if (gradient == null) {
        continue;
      }
      INDArray parameter = parameters.get(name);
      int previous = NativeThreads.limit(NativeThreads.forElements(parameter.length()));
      try {
        update(name, parameter, gradient, scratch(name, parameter));
      } finally {
        NativeThreads.restore(previous);
      }
    }
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      INDArray parameter = parameters.get(e.getKey());
      if (e.getValue() != null && !finiteParameters.isFinite(e.getKey(), parameter)) {
        throw new NonFiniteValueException(String.format(
            "%s: update %d made '%s' NaN or infinite (%d value(s) of %d) at learning rate %.3g,"
                + " too high for %s arithmetic; the parameters hold those values now",
            prefix, iteration, e.getKey(), NonFinite.count(parameter), parameter.length(),
            learningRate, parameter.dataType()));
      }
    }
  }

  /** Updates one parameter in place; {@code scratch} is a reusable buffer of its shape. */
  abstract void update(String name, INDArray parameter, INDArray gradient, INDArray scratch);

  /** The state buffer {@code slot} of parameter {@code name}, zeros on first use. */
  final INDArray slot(String slot, String name, INDArray like) {
    Map<String, INDArray> buffers = state.get(slot);
    INDArray buffer = buffers.get(name);
    if (buffer == null) {
      if (iteration > 1) {
        // Zeros now would skew the update (the bias correction counts every earlier step).
        throw new AnnetException(
            prefix + ": no state '" + key(slot, name) + "' at iteration " + iteration
                + "; this optimizer's earlier steps (or the loaded optimizer state) did not"
                + " cover parameter '" + name + "', e.g. it was frozen then: train a layer you"
                + " unfroze with a new optimizer (a fine-tuning stage), or keep it frozen");
      }
      buffer = Nd4j.zeros(like.dataType(), like.shape());
      buffers.put(name, buffer);
    } else if (!Arrays.equals(buffer.shape(), like.shape())
        || buffer.dataType() != like.dataType()) {
      throw new AnnetException(
          prefix + ": state '" + key(slot, name) + "' is " + buffer.dataType() + " "
              + Arrays.toString(buffer.shape()) + " but the parameter is " + like.dataType() + " "
              + Arrays.toString(like.shape()));
    }
    return buffer;
  }

  private INDArray scratch(String name, INDArray like) {
    INDArray buffer = scratch.get(name);
    if (buffer == null || !Arrays.equals(buffer.shape(), like.shape())
        || buffer.dataType() != like.dataType()) {
      buffer = Nd4j.create(like.dataType(), like.shape());
      scratch.put(name, buffer);
    }
    return buffer;
  }

  /** {@code y += alpha * x}, in place, no allocation. */
  final void axpy(double alpha, INDArray x, INDArray y) {
    axpy(alpha, x, y, y);
  }

  /**
   * {@code z = alpha * x + y} ({@code z} may be {@code x} or {@code y}) through libnd4j's {@code
   * axpy} custom op ({@code out = in0 + a in1}) on one reused op context: no array, op context or
   * constant buffer is created per call (the legacy {@code Axpy} op takes its alpha from ND4J's
   * constant cache, which stops caching once full and then allocates on every call).
   */
  final void axpy(double alpha, INDArray x, INDArray y, INDArray z) {
    if (axpyContext == null) {
      axpyContext = Nd4j.getExecutioner().buildContext();
    }
    axpyContext.setInputArray(0, y);
    axpyContext.setInputArray(1, x);
    axpyContext.setOutputArray(0, z);
    axpyContext.setTArguments(alpha);
    Nd4j.exec(axpyOp, axpyContext);
  }

  /**
   * {@code z = x <op> y} for a libnd4j broadcastable pairwise op ({@code "multiply"}, {@code
   * "divide"}, {@code "add"}; {@code y} may be a scalar array) on one reused op context, so that
   * nothing is allocated per call.
   */
  final void binary(String op, INDArray x, INDArray y, INDArray z) {
    if (binaryContext == null) {
      binaryContext = Nd4j.getExecutioner().buildContext();
    }
    binaryContext.setInputArray(0, x);
    binaryContext.setInputArray(1, y);
    binaryContext.setOutputArray(0, z);
    Nd4j.exec(binaryOps.computeIfAbsent(op, name -> DynamicCustomOp.builder(name).build()),
        binaryContext);
  }

  /** {@code x *= factor} in place, without the scalar array {@code muli(double)} creates. */
  final void scale(double factor, INDArray x) {
    axpy(factor - 1, x, x);
  }

  static void checkRate(String what, double value, double min, double maxExclusive) {
    if (!(value >= min && value < maxExclusive)) {
      throw new IllegalArgumentException(
          what + " must be in [" + min + ", " + maxExclusive + "), found " + value);
    }
  }

  private String key(String slot, String name) {
    return prefix + "." + slot + "." + name;
  }

  @Override
  public final int iteration() {
    return iteration;
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be finite and >= 0, found " + learningRate);
    }
    this.learningRate = learningRate;
  }

  @Override
  public final String prefix() {
    return prefix;
  }

  @Override
  public final Map<String, INDArray> state() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    out.put(prefix + ".iteration", Nd4j.scalar(DataType.LONG, (long) iteration));
    for (Map.Entry<String, Map<String, INDArray>> slot : state.entrySet()) {
      for (Map.Entry<String, INDArray> e : slot.getValue().entrySet()) {
        out.put(key(slot.getKey(), e.getKey()), e.getValue().dup());
      }
    }
    return out;
  }

  @Override
  public final void loadState(Map<String, INDArray> loaded) {
    INDArray header = loaded.get(prefix + ".iteration");
    if (header == null || header.length() != 1) {
      throw new AnnetException(
          "optimizer state has no scalar '" + prefix + ".iteration' header (this optimizer is "
              + prefix + "); found keys " + loaded.keySet());
    }
    long it = header.getLong(0);
    if (it < 0 || it > Integer.MAX_VALUE) {
      throw new AnnetException("optimizer state '" + prefix + ".iteration' is out of range: " + it);
    }
    Map<String, Map<String, INDArray>> fresh = new LinkedHashMap<>();
    for (String slot : slots) {
      fresh.put(slot, new LinkedHashMap<>());
    }
    for (Map.Entry<String, INDArray> e : loaded.entrySet()) {
      String key = e.getKey();
      if (key.equals(prefix + ".iteration")) {
        continue;
      }
      String slot = slotOf(key);
      if (slot == null) {
        throw new AnnetException(
            "optimizer state key '" + key + "' does not belong to " + prefix
                + " (expected " + prefix + ".<" + String.join("|", slots)
                + ">.<parameter> or " + prefix + ".iteration)");
      }
      String name = key.substring(prefix.length() + slot.length() + 2);
      fresh.get(slot).put(name, e.getValue().dup());
    }
    state.clear();
    state.putAll(fresh);
    iteration = (int) it;
  }

  private String slotOf(String key) {
    for (String slot : slots) {
      String start = prefix + "." + slot + ".";
      if (key.startsWith(start) && key.length() > start.length()) {
        return slot;
      }
    }
    return null;
  }
}
