package io.annet.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of threads Annet's native calls use: by default every core (or {@code
 * OMP_NUM_THREADS} when set), settable at run time; calls too small to share a core's worth of
 * work still run on one thread (see the oneDNN kernels).
 */
public final class NativeThreads {
  /**
   * Element-wise, pooling and reduction calls on fewer elements than this run on one thread:
   * waking a second OpenMP thread under the passive wait policy costs about 100 us, more than
   * such a call takes.
   */
  public static final long SMALL_ELEMENTS = 500_000L;

  private static volatile int max;

  private NativeThreads() {}

  /** The current maximum: what {@link #setMax} set, else OpenMP's default at start-up. */
  public static int max() {
    int m = max;
    if (m == 0) {
      synchronized (NativeThreads.class) {
        if (max == 0) {
          NativeDefaults.apply(); // before the natives load, should ND4J's backend hook be missing
          Nd4j.getEnvironment(); // loads the backend before its native ops are used
          max = Math.max(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        }
        m = max;
      }
    }
    return m;
  }

  /**
   * Uses at most {@code threads} threads for later native calls: the oneDNN kernels' OpenMP teams
   * (set per call), the calling thread's OpenMP setting, which libnd4j's ops read, and OpenBLAS's
   * threads. (ND4J M2.1's {@code Environment.setMaxThreads} is a no-op, so it is not used.)
   * Throws on a count below 1.
   */
  public static synchronized void setMax(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("expected at least 1 thread, found " + threads);
    }
    max(); // the backend first
    Nd4j.factory().blas().setMaxThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    max = threads;
  }

  /** The threads for a call over {@code elements} elements: one when small, else {@link #max()}. */
  public static int forElements(long elements) {
    return elements < SMALL_ELEMENTS ? 1 : max();
  }

  /**
   * Sets the calling thread's OpenMP team size (a setting of the calling thread only) to {@code
   * threads} for the native calls that follow; returns what {@link #restore} needs. Used around
   * calls too small to be worth waking a second thread (about 100 us under the passive wait
   * policy).
   */
  public static int limit(int threads) {
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int current = ops.ompGetMaxThreads();
    if (current == threads) {
      return 0;
    }
    ops.setOmpNumThreads(threads);
    return current;
  }

  /** Undoes {@link #limit}. */
  public static void restore(int previous) {
    if (previous > 0) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(previous);
    }
  }
}
