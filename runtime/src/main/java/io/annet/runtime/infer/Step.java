package io.annet.runtime.infer;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One native call sequence of a compiled inference plan, run in order on every call. */
interface Step {
  /** The OpenMP threads it runs with (the count its primitive was built with); 0: no native work. */
  int threads();

  /** Runs it on {@code s}. */
  void run(stream s);

  /** A primitive with its argument map, both built once. */
  static Step primitive(primitive p, IntMemoryMap args, int threads) {
    return new Step() {
      @Override
      public int threads() {
        return threads;
      }

      @Override
      public void run(stream s) {
        p.execute(s, args);
      }
    };
  }

  /**
   * Points {@code user} at {@code array}'s data on every call (a parameter is updated in place,
   * and a restored one may be another buffer), then runs {@code then} (its reorder into the
   * primitive's layout, or null when the primitive reads the array itself): the plan never
   * serves weights older than the array's.
   */
  static Step bind(memory user, INDArray array, Step then) {
    return new Step() {
      @Override
      public int threads() {
        return then == null ? 0 : then.threads();
      }

      @Override
      public void run(stream s) {
        user.set_data_handle(array.data().addressPointer());
        if (then != null) {
          then.run(s);
        }
      }
    };
  }

  /**
   * Whether it reads only parameters (a bind, a reorder of weights, a fold of running statistics),
   * so that a plan whose weights never change runs it once ({@link PlanRunner#fixWeights()}).
   */
  default boolean readsOnlyWeights() {
    return false;
  }

  /** {@code step}, marked as reading only parameters. */
  static Step ofWeights(Step step) {
    return new Step() {
      @Override
      public int threads() {
        return step.threads();
      }

      @Override
      public void run(stream s) {
        step.run(s);
      }

      @Override
      public boolean readsOnlyWeights() {
        return true;
      }
    };
  }
}
