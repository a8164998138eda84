package io.annet.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of threads Annet's native calls use: by default every core (or {@code
 * OMP_NUM_THREADS} when set), settable at run time; calls too small to share a core's worth of
 * work still run on one thread (see the oneDNN kernels).
 *
 * <p>Counts must lie in {@code 1..}{@link #upperBound()} (256, or the number of cores when
 * higher): libnd4j crashes the JVM on {@code OMP_NUM_THREADS=-3} or 20,000 threads, and 1,000
 * threads on 2 cores ran 150x slower. {@code OMP_NUM_THREADS}, which ND4J reads (with {@code
 * Integer.parseInt}) when its natives load, is checked by {@link #checkEnvironment()} before
 * Annet first touches ND4J. More threads than cores is allowed but slow: see {@link
 * #oversubscription(int)}.
 */
public final class NativeThreads {
  /**
   * Element-wise, pooling and reduction calls on fewer elements than this run on one thread:
   * waking a second OpenMP thread under the passive wait policy costs about 100 us, more than
   * such a call takes. (The inference plan uses a lower bound when OpenMP's threads spin: see
   * {@link #spinning()}.)
   */
  public static final long SMALL_ELEMENTS = 500_000L;

  /** The name of the environment variable OpenMP and ND4J read their thread count from. */
  public static final String ENVIRONMENT_VARIABLE = "OMP_NUM_THREADS";

  private static final String ENVIRONMENT_PROBLEM = problem(System.getenv(ENVIRONMENT_VARIABLE));

  private static volatile int max;

  /** Whether idle OpenMP threads spin before sleeping; null until {@link #spinning()} read it. */
  private static volatile Boolean spinning;

  private NativeThreads() {}

  /** The most threads accepted: 256, or the number of cores when that is higher. */
  public static int upperBound() {
    return Math.max(256, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Throws {@link ThreadCountException} when {@code OMP_NUM_THREADS} is set to anything but a
   * whole number in {@code 1..}{@link #upperBound()} (empty counts as unset). Cheap; called before
   * Annet first uses ND4J (network creation, {@link #max()}, {@link #setMax}), since ND4J passes
   * the value to the natives unchecked when it loads.
   */
  public static void checkEnvironment() {
    if (ENVIRONMENT_PROBLEM != null) {
      throw new ThreadCountException(ENVIRONMENT_PROBLEM);
    }
  }

  /** What is wrong with {@code value} as {@code OMP_NUM_THREADS}, or null when it is fine. */
  static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    int bound = upperBound();
    String allowed = "expected a whole number from 1 to " + bound + " (this machine has "
        + Runtime.getRuntime().availableProcessors() + " cores), or unset for every core";
    long threads;
    try {
      threads = Long.parseLong(value); // as ND4J reads it: no spaces
    } catch (NumberFormatException e) {
      return ENVIRONMENT_VARIABLE + "=" + value + " is not a thread count: " + allowed;
    }
    if (threads < 1 || threads > bound) {
      return ENVIRONMENT_VARIABLE + "=" + value + " is out of range: " + allowed;
    }
    return null;
  }

  /**
   * A warning when {@code threads} exceed this machine's cores (they then take turns and wait for
   * each other: 1,000 threads on 2 cores ran 150x slower), or null when they do not.
   */
  public static String oversubscription(int threads) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (threads <= cores) {
      return null;
    }
    return threads + " native threads on " + cores + " core(s): the extra threads only wait for"
        + " each other, and training runs several times slower (150x measured with 1,000 threads"
        + " on 2 cores); use at most " + cores;
  }

  /** The current maximum: what {@link #setMax} set, else OpenMP's default at start-up. */
  public static int max() {
    int m = max;
    if (m == 0) {
      synchronized (NativeThreads.class) {
        if (max == 0) {
          checkEnvironment(); // ND4J would pass a bad OMP_NUM_THREADS to the natives as it loads
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
   * Throws {@link ThreadCountException} on a count outside {@code 1..}{@link #upperBound()}.
   */
  public static synchronized void setMax(int threads) {
    if (threads < 1 || threads > upperBound()) {
      throw new ThreadCountException("expected at least 1 thread and at most " + upperBound()
          + " (this machine has " + Runtime.getRuntime().availableProcessors() + " cores), found "
          + threads);
    }
    max(); // the backend first
    Nd4j.factory().blas().setMaxThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    max = threads;
  }

  /**
   * Whether libgomp's idle threads spin for a while before they sleep, so that the next parallel
   * region finds them awake: a spin count above 0 in {@code GOMP_SPINCOUNT} (Annet's default, see
   * {@link NativeDefaults#SPIN_COUNT}), or no passive wait policy (libgomp then spins by itself).
   * Read once from the environment the native libraries saw.
   */
  public static boolean spinning() {
    Boolean s = spinning;
    if (s == null) {
      NativeDefaults.apply();
      java.util.Map<String, String> env = NativeEnvironment.nativeEnv();
      s = spins(env.get("OMP_WAIT_POLICY"), env.get(NativeDefaults.SPIN_VARIABLE));
      spinning = s;
    }
    return s;
  }

  /** Whether libgomp spins with {@code OMP_WAIT_POLICY=policy} and {@code GOMP_SPINCOUNT=count}. */
  static boolean spins(String policy, String count) {
    if (count != null && !count.isBlank()) {
      return !count.trim().matches("0+");
    }
    return policy == null || !policy.trim().equalsIgnoreCase("PASSIVE");
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
