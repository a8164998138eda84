package io.annet.runtime;

import io.annet.runtime.infer.InferenceRoute;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's {@code predict} on a checked batch: in one pass or in passes of fewer examples (the
 * memory budget, {@link Network#setPredictPass}), each through the float32 inference plan where it
 * serves ({@link InferenceRoute}) or the generated forward pass, its probabilities checked to be
 * finite.
 */
final class Prediction {
  private final Network network;
  private final StepChecks checks;
  private int pass;
  private InferenceRoute route;
  private boolean fixedWeights;
  private final ResultArrays results = new ResultArrays();

  Prediction(Network network, StepChecks checks) {
    this.network = network;
    this.checks = checks;
  }

  /** The probabilities of {@code input}, a fresh array. */
  INDArray predict(INDArray input, MemoryBudget budget) {
    long n = input.size(0);
    int classes = network.architecture().classes();
    DataType dtype = network.dataType();
    int examples = budget.predictPass(n, pass);
    if (examples == n) {
      return copy(checkedForward(input), results.take(n, classes, dtype));
    }
    budget.requireBytes("the result of a predict on " + n + " examples",
        n * classes * (long) dtype.width());
    INDArray out = Nd4j.createUninitialized(dtype, new long[] {n, classes}, 'c');
    PredictPasses.run(this::checkedForward, input, out, examples);
    return out;
  }

  /** The probabilities of {@code input} written into {@code out} (checked), which it returns. */
  INDArray predict(INDArray input, INDArray out, MemoryBudget budget) {
    int examples = budget.predictPass(input.size(0), pass);
    if (examples == input.size(0)) {
      return copy(checkedForward(input), out);
    }
    PredictPasses.run(this::checkedForward, input, out, examples);
    return out;
  }

  /**
   * {@code from} written into {@code to}: a memory copy when both are dense c-order arrays of one
   * type (an ND4J assign is an op call, several microseconds at batch 1), else an assign.
   */
  private static INDArray copy(INDArray from, INDArray to) {
    if (from.dataType() == to.dataType() && from.offset() == 0 && to.offset() == 0
        && Layouts.isDenseC(from) && Layouts.isDenseC(to)) {
      Pointer.memcpy(to.data().addressPointer(), from.data().addressPointer(),
          from.length() * from.dataType().width());
      return to;
    }
    return to.assign(from);
  }

  /** Examples per pass; 0 sizes passes to the memory available. */
  void setPass(int examples) {
    this.pass = examples;
  }

  /**
   * Declares the parameters fixed from now on (a {@link Predictor}'s private copy): the plan
   * reorders the weights into oneDNN's layouts on its first call instead of on every call.
   */
  void fixWeights() {
    fixedWeights = true;
    if (route != null) {
      route.fixWeights();
    }
  }

  /** Forgets the plans, which are built from the registered layers. */
  void reset() {
    close();
  }

  /** Frees the plans and stops their part workers; the next call builds them again. */
  void close() {
    if (route != null) {
      route.close();
      route = null;
    }
  }

  private INDArray checkedForward(INDArray input) {
    if (route == null) {
      route = new InferenceRoute(network, network::forward);
      if (fixedWeights) {
        route.fixWeights();
      }
    }
    return checks.output(route.forward(input), input);
  }
}
