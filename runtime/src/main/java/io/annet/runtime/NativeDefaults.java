package io.annet.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;

/**
 * The native settings Annet needs for speed, applied inside the JVM before ND4J's native libraries
 * load, so that a program embedding Annet runs as fast as the {@code annet} launcher without
 * setting anything: {@code OMP_WAIT_POLICY=PASSIVE} and {@code OPENBLAS_THREAD_TIMEOUT=4} (ND4J's
 * OpenMP and OpenBLAS pools otherwise spin and steal each other's cores), {@code
 * GOMP_SPINCOUNT=30000} (OpenMP threads spin about 0.3 ms before they sleep, instead of not at all
 * under the passive policy: see {@link #SPIN_COUNT}) and, on an AVX-512 or
 * AVX2 CPU, {@code OPENBLAS_CORETYPE=SkylakeX} or {@code Haswell} (OpenBLAS 0.3.19 does not
 * recognise recent processors and falls back to SSE kernels, 3-4x slower).
 *
 * <p>libgomp reads its variables in its constructor and OpenBLAS in its own, that is when libnd4j
 * loads them; afterwards they cannot change. {@link #apply()} therefore runs when ND4J looks for
 * its backends ({@link BackendHook}), before any native library loads, and again from Annet's own
 * entry points in case a repackaged jar lost that hook. A value the user set is never replaced.
 * Where the settings cannot be made (no C {@code environ}, or the natives loaded first) one
 * warning on standard error names each missing variable and what it costs. {@code
 * -Dannet.nativeDefaults=false} turns all of this off.
 */
public final class NativeDefaults {
  /** {@code -Dannet.nativeDefaults=false} leaves the process environment and logging alone. */
  public static final String PROPERTY = "annet.nativeDefaults";

  /** The variable libgomp reads its spin count from; it overrides the wait policy's count. */
  public static final String SPIN_VARIABLE = "GOMP_SPINCOUNT";

  /**
   * The spins an idle OpenMP thread makes before it sleeps: about 0.3 ms on the Xeon measured
   * (libgomp estimates 100,000 per ms), long enough to bridge the gaps between the parallel regions
   * of one inference or training step, short enough that a thread waiting for the next step still
   * sleeps and leaves its core to others. With {@code OMP_WAIT_POLICY=PASSIVE} alone the count is
   * 0 and every parallel region wakes sleeping threads (batch-1 NIN inference 2.74 ms, against 1.91
   * with this count); libgomp's default, 300,000, is no faster, and {@code ACTIVE} spins for
   * minutes.
   */
  public static final String SPIN_COUNT = "30000";

  /** Loggers whose level Annet set; JUL keeps only weak references to them. */
  private static final List<Logger> QUIETED = new ArrayList<>();

  /** The record of the one {@link #apply()} that did anything. */
  private static volatile Outcome outcome;

  /**
   * What {@link #apply()} found and did.
   *
   * @param added the variables set in this process
   * @param kept the variables the user had set, with their values, left as they were
   * @param missing the wanted variables that are neither set nor settable now
   * @param warning the one warning printed, or null
   */
  public record Outcome(Map<String, String> added, Map<String, String> kept,
      Map<String, String> missing, String warning) {}

  private NativeDefaults() {}

  /** The values the launcher used, for a CPU with {@code cpuFlags} (lower case, as in Linux). */
  static Map<String, String> wanted(Set<String> cpuFlags) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("OMP_WAIT_POLICY", "PASSIVE");
    out.put(SPIN_VARIABLE, SPIN_COUNT);
    out.put("OPENBLAS_THREAD_TIMEOUT", "4");
    String core = NativeEnvironment.bestCore(cpuFlags);
    if ("SKYLAKEX".equals(core)) {
      out.put("OPENBLAS_CORETYPE", "SkylakeX");
    } else if ("HASWELL".equals(core)) {
      out.put("OPENBLAS_CORETYPE", "Haswell");
    }
    return out;
  }

  /**
   * Sets the wanted variables the process does not have yet, once, and warns once about those
   * it cannot set; later calls return the first outcome. Cheap after the first call.
   */
  public static Outcome apply() {
    Outcome o = outcome;
    if (o != null) {
      return o;
    }
    synchronized (NativeDefaults.class) {
      if (outcome == null && "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
        outcome = new Outcome(Map.of(), Map.of(), Map.of(), null);
      }
      if (outcome == null) {
        quietNd4jLogging();
        outcome = applyNow(wanted(NativeEnvironment.cpuFlags()), nativesLoaded());
        if (outcome.warning() != null) {
          System.err.println(outcome.warning());
        }
      }
      return outcome;
    }
  }

  /** The outcome of {@link #apply()}, or null before it ran. */
  public static Outcome outcome() {
    return outcome;
  }

  /**
   * Lowers ND4J's and JavaCPP's JUL loggers (where SLF4J sends them) to WARNING, unless the user
   * configured them: their start-up INFO lines (backend, BLAS vendor, thread counts) are noise in a
   * program that embeds Annet, while their warnings are not.
   */
  static void quietNd4jLogging() {
    for (String name : List.of("org.nd4j", "org.bytedeco")) {
      Logger logger = Logger.getLogger(name);
      if (logger.getLevel() == null
          && LogManager.getLogManager().getProperty(name + ".level") == null) {
        logger.setLevel(Level.WARNING);
        QUIETED.add(logger);
      }
    }
  }

  /** Whether libnd4j or OpenBLAS has been loaded through JavaCPP already. */
  static boolean nativesLoaded() {
    try {
      for (String name : Loader.getLoadedLibraries().keySet()) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.contains("nd4j") || n.contains("openblas")) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static Outcome applyNow(Map<String, String> wanted, boolean nativesLoaded) {
    Map<String, String> present = ProcessEnvironment.read();
    boolean settable = !nativesLoaded && ProcessEnvironment.supported();
    Map<String, String> kept = new LinkedHashMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    wanted.forEach((k, v) -> {
      String have = present.containsKey(k) ? present.get(k) : System.getenv(k);
      if (have != null) {
        kept.put(k, have);
      } else if (!settable) {
        missing.put(k, v);
      }
    });
    Map<String, String> toAdd = new LinkedHashMap<>(wanted);
    toAdd.keySet().removeAll(kept.keySet());
    Map<String, String> added = settable ? ProcessEnvironment.addMissing(toAdd) : Map.of();
    return new Outcome(added, kept, missing, warning(missing, nativesLoaded));
  }

  /** One line naming each variable that could not be set, its value and its cost; or null. */
  static String warning(Map<String, String> missing, boolean nativesLoaded) {
    if (missing.isEmpty()) {
      return null;
    }
    StringBuilder costs = new StringBuilder();
    for (String name : List.copyOf(missing.keySet())) {
      String cost = switch (name) {
        case "OPENBLAS_CORETYPE" -> "matrix products run 3-4x slower on SSE kernels";
        case "OMP_WAIT_POLICY", "OPENBLAS_THREAD_TIMEOUT" ->
            "idle native threads spin and steal cores (training 1.5-4x slower with 2+ threads)";
        case SPIN_VARIABLE -> "OpenMP threads sleep between parallel regions under"
            + " OMP_WAIT_POLICY=PASSIVE and every region wakes them (batch-1 inference up to 1.4x"
            + " slower)";
        default -> "slower native code";
      };
      costs.append(costs.length() == 0 ? "" : "; ").append(name).append('=')
          .append(missing.get(name)).append(" (without it ").append(cost).append(')');
    }
    return "annet: warning: could not set " + String.join(", ", missing.keySet())
        + (nativesLoaded ? " (ND4J's native libraries were loaded before Annet)"
            : " (this platform's C environment cannot be changed from Java)")
        + "; set them before the JVM starts: " + costs;
  }
}
