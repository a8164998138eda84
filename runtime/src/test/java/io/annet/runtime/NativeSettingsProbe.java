package io.annet.runtime;

import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.annet.runtime.perf.FallbackProbe;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints, one {@code key value} per line, the native settings this JVM ends up with after a few
 * training steps: the variables native code sees, OpenBLAS's kernels (its dispatch table,
 * as Annet reads it), the thread counts and the native-defaults outcome. The first thing it does is
 * touch ND4J directly, as a program embedding Annet may. Run in a child JVM by {@link
 * NativeDefaultsTest}.
 */
public final class NativeSettingsProbe {
  private NativeSettingsProbe() {}

  /** Entry point: no arguments. */
  public static void main(String[] args) {
    Nd4j.create(FLOAT, 2, 2); // user code first: no Annet class has run yet
    System.out.println("loss " + FallbackProbe.trainFewSteps());
    for (String name : new String[] {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
        "OPENBLAS_THREAD_TIMEOUT", "OPENBLAS_CORETYPE"}) {
      System.out.println("env " + name + " " + ProcessEnvironment.get(name));
    }
    NativeEnvironment env = NativeEnvironment.detect();
    System.out.println("blasCore " + env.blasCore());
    System.out.println("ompThreads " + env.ompThreads());
    System.out.println("blasThreads " + env.blasThreads());
    System.out.println("outcome " + NativeDefaults.outcome());
  }
}
