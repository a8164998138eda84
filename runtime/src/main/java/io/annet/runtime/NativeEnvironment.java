package io.annet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What the native side of ND4J runs on, read once at start-up: the libnd4j build (oneDNN or not),
 * the thread counts, and the kernels OpenBLAS chose for this CPU, with a one-line warning for each
 * setting that silently costs a large factor and the fix.
 *
 * <p>OpenBLAS 0.3.19 (bundled with ND4J 1.0.0-M2.1) does not recognise recent processors and
 * falls back to SSE kernels (about 3-4x slower sgemm) unless {@code OPENBLAS_CORETYPE} names a
 * better core before OpenBLAS loads; {@link NativeDefaults} sets it in the process, and this class
 * reports what is in effect. A value the user set is respected (some machines preset it for
 * correctness): this class only advises.
 *
 * @param oneDnn whether libnd4j was built with oneDNN ({@code HAVE_ONEDNN})
 * @param ompThreads the native thread count ({@link NativeThreads#max()})
 * @param blasThreads OpenBLAS's thread count
 * @param cores the processors the JVM may use
 * @param blasCore the OpenBLAS kernel family in use (e.g. {@code HASWELL}), or {@code "unknown"}
 * @param coreTypeSetting the {@code OPENBLAS_CORETYPE} value native code sees, or null when unset
 * @param cpuBest the best OpenBLAS core this CPU supports ({@code SKYLAKEX}, {@code HASWELL},
 *     {@code SANDYBRIDGE}), or null when the CPU offers no AVX (or is unknown)
 * @param waitPolicy the {@code OMP_WAIT_POLICY} value native code sees, or null when unset
 * @param spinCount the {@code GOMP_SPINCOUNT} value native code sees, or null when unset
 */
public record NativeEnvironment(
    boolean oneDnn, int ompThreads, int blasThreads, int cores, String blasCore,
    String coreTypeSetting, String cpuBest, String waitPolicy, String spinCount) {

  private static final List<String> CORES = List.of(
      "PRESCOTT", "CORE2", "PENRYN", "DUNNINGTON", "NEHALEM", "ATOM", "NANO", "OPTERON",
      "OPTERON_SSE3", "BARCELONA", "BOBCAT", "ATHLON", "KATMAI", "COPPERMINE", "NORTHWOOD",
      "BANIAS", "SANDYBRIDGE", "BULLDOZER", "PILEDRIVER", "STEAMROLLER", "EXCAVATOR", "HASWELL",
      "ZEN", "SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS");

  /** Reads the environment of this process now (thread counts as currently set). */
  public static synchronized NativeEnvironment detect() {
    NativeThreads.checkEnvironment(); // before ND4J passes a bad OMP_NUM_THREADS to the natives
    NativeDefaults.apply(); // in case ND4J was not asked for its backends yet
    Nd4j.getBackend(); // loads the backend, which NativeOpsHolder needs first
    Map<String, String> env = nativeEnv();
    String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    return new NativeEnvironment(
        build != null && build.contains("HAVE_ONEDNN"),
        NativeThreads.max(),
        Nd4j.factory().blas().getMaxThreads(),
        Runtime.getRuntime().availableProcessors(),
        openBlasCore(),
        env.get("OPENBLAS_CORETYPE"),
        bestCore(cpuFlags()),
        env.get("OMP_WAIT_POLICY"),
        env.get(NativeDefaults.SPIN_VARIABLE));
  }

  /** JavaCPP's name of this platform, e.g. {@code linux-x86_64}. */
  static String platform() {
    try {
      return Loader.getPlatform();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  /** The environment native libraries see; the JVM's copy where that cannot be read. */
  static Map<String, String> nativeEnv() {
    Map<String, String> env = ProcessEnvironment.read();
    return env.isEmpty() ? System.getenv() : env;
  }

  /**
   * The kernel family OpenBLAS dispatches to: its {@code gotoblas} table pointer compared with the
   * per-core tables of a DYNAMIC_ARCH build; {@code "unknown"} when the symbols are not there.
   */
  static String openBlasCore() {
    try {
      Nd4j.create(1); // makes sure the backend, and with it OpenBLAS, is loaded
      Pointer table = Loader.addressof("gotoblas");
      if (table == null || table.isNull()) {
        return "unknown";
      }
      long chosen = new LongPointer(table).get(0);
      for (String core : CORES) {
        Pointer candidate = Loader.addressof("gotoblas_" + core);
        if (candidate != null && !candidate.isNull() && candidate.address() == chosen) {
          return core;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
    return "unknown";
  }

  /** The lower-case flags of the first processor in {@code /proc/cpuinfo}; empty if unreadable. */
  static Set<String> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
    return Set.of();
  }

  /** The best OpenBLAS core for a CPU with {@code flags}, or null without AVX. */
  static String bestCore(Set<String> flags) {
    if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
      return "SKYLAKEX";
    }
    if (flags.containsAll(List.of("avx2", "fma"))) {
      return "HASWELL";
    }
    return flags.contains("avx") ? "SANDYBRIDGE" : null;
  }

  /** 0 SSE, 1 AVX, 2 AVX2, 3 AVX-512; -1 for an unknown name. */
  static int level(String core) {
    if (core == null) {
      return -1;
    }
    return switch (core.toUpperCase(Locale.ROOT)) {
      case "SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS" -> 3;
      case "HASWELL", "ZEN" -> 2;
      case "SANDYBRIDGE", "BULLDOZER", "PILEDRIVER", "STEAMROLLER", "EXCAVATOR" -> 1;
      default -> CORES.contains(core.toUpperCase(Locale.ROOT)) ? 0 : -1;
    };
  }

  private static String isa(int level) {
    return switch (level) {
      case 3 -> "AVX-512";
      case 2 -> "AVX2";
      case 1 -> "AVX";
      default -> "SSE";
    };
  }

  private static String display(String core) {
    return core.equals("SKYLAKEX") ? "SkylakeX"
        : core.equals("SANDYBRIDGE") ? "SandyBridge"
        : core.charAt(0) + core.substring(1).toLowerCase(Locale.ROOT);
  }

  /**
   * The settings that cost a large factor, one line each with the fix: the plain (non-oneDNN)
   * build, OpenBLAS on SSE kernels on an AVX2 or AVX-512 CPU, or on kernels the CPU lacks, more
   * threads than cores.
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    String crowded = NativeThreads.oversubscription(Math.max(ompThreads, blasThreads));
    if (crowded != null) {
      out.add(crowded);
    }
    if (!oneDnn) {
      String platform = platform();
      out.add("ND4J's native build has no oneDNN: convolutions and pooling run 2-5x slower; "
          + (platform.endsWith("x86_64")
              ? "depend on org.nd4j:nd4j-native with classifier " + platform + "-onednn"
              : "ND4J 1.0.0-M2.1 publishes oneDNN builds for x86_64 platforms only"));
    }
    int have = level(blasCore);
    int best = level(cpuBest);
    if (have == 0 && best >= 2) {
      String why = coreTypeSetting == null
          ? "OpenBLAS does not recognise this CPU and fell back to its " + display(blasCore) + " (SSE) kernels"
          : "OPENBLAS_CORETYPE=" + coreTypeSetting + " (set in the environment) selects SSE kernels";
      out.add(why + ": matrix products run about 3-4x slower than this " + isa(best)
          + " CPU allows; start the JVM with OPENBLAS_CORETYPE=" + display(cpuBest)
          + (best == 3 ? " (or Haswell)" : ""));
    } else if (have > best && best >= 0) {
      out.add("OpenBLAS runs " + display(blasCore) + " (" + isa(have) + ") kernels on a CPU that has only "
          + isa(best) + ": expect illegal-instruction crashes; set OPENBLAS_CORETYPE="
          + display(cpuBest));
    }
    if (!io.annet.runtime.layers.OneDnn.available()) {
      out.add(io.annet.runtime.layers.OneDnn.status() + ": float convolutions, pooling and"
          + " activations run 3-10x slower; the org.bytedeco dnnl and opencl jars (with their "
          + platform() + " natives, published for every platform but macosx-arm64) belong on"
          + " the classpath");
    }
    return out;
  }

  /**
   * Advice that is not worth a warning: better kernels than the chosen ones, a preset core type
   * that is kept, busy-waiting thread pools, OpenMP threads that sleep between parallel regions.
   */
  public List<String> notes() {
    List<String> out = new ArrayList<>();
    int have = level(blasCore);
    int best = level(cpuBest);
    if (have >= 1 && have < best) {
      out.add((coreTypeSetting == null ? "OpenBLAS chose " + display(blasCore)
              : "OPENBLAS_CORETYPE=" + coreTypeSetting + " is set in the environment and kept")
          + "; this CPU also runs " + display(cpuBest) + " (" + isa(best) + ") kernels, usually"
          + " faster, if they are correct on it");
    }
    int threads = Math.max(ompThreads, blasThreads);
    boolean passive = "PASSIVE".equalsIgnoreCase(waitPolicy);
    if (threads > 1 && !passive && spinCount == null) {
      out.add("with " + threads + " threads, ND4J's two pools spin and steal each other's cores:"
          + " OMP_WAIT_POLICY=PASSIVE, " + NativeDefaults.SPIN_VARIABLE + "="
          + NativeDefaults.SPIN_COUNT + " and OPENBLAS_THREAD_TIMEOUT=4 remove the latency tails");
    } else if (threads > 1 && passive && (spinCount == null || spinCount.trim().equals("0"))) {
      out.add("OMP_WAIT_POLICY=PASSIVE without " + NativeDefaults.SPIN_VARIABLE + ": OpenMP"
          + " threads sleep between parallel regions and each region wakes them (batch-1"
          + " inference up to 1.4x slower); " + NativeDefaults.SPIN_VARIABLE + "="
          + NativeDefaults.SPIN_COUNT + " lets them spin about 0.3 ms first");
    }
    return out;
  }

  /** One line: build, threads and BLAS kernels, e.g. for a {@code --verbose} start-up. */
  public String summary() {
    return "ND4J native: " + (oneDnn ? "oneDNN" : "plain (no oneDNN)") + " build, " + ompThreads
        + " op thread(s), " + blasThreads + " BLAS thread(s) on " + cores + " core(s); OpenBLAS "
        + (blasCore.equals("unknown") ? "kernels unknown" : display(blasCore) + " kernels")
        + (coreTypeSetting == null ? "" : " (OPENBLAS_CORETYPE=" + coreTypeSetting + ")")
        + (cpuBest == null ? "" : ", CPU supports " + display(cpuBest)) + "; "
        + io.annet.runtime.layers.OneDnn.status();
  }
}
