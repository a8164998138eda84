package io.annet.benchmarks;

import io.annet.runtime.NativeDefaults;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classpath and environment each framework's worker JVM gets.
 *
 * <ul>
 *   <li>Annet and "DL4J, best setup": the oneDNN native build and the environment of the shared
 *       ND4J notes ({@code OMP_WAIT_POLICY=PASSIVE}, {@code OPENBLAS_THREAD_TIMEOUT=4}, the
 *       OpenBLAS core type of this CPU, the thread count) and Annet's bounded OpenMP spin count
 *       ({@code GOMP_SPINCOUNT}, see {@code NativeDefaults}).
 *   <li>"DL4J as shipped": the plain native build a user gets from {@code nd4j-native} alone, and
 *       the default environment (every {@code OMP_*} and {@code OPENBLAS_*} variable removed).
 *   <li>ONNX Runtime: its own natives from the classpath, the thread count as intra-op threads
 *       (system property {@value OrtStep#THREADS_PROPERTY}), one inter-op thread.
 *   <li>PyTorch: its own natives from the classpath, {@code -Dai.djl.offline=true}, the thread
 *       count for intra-op parallelism and one inter-op thread.
 *   <li>Every setup but "DL4J as shipped": glibc's allocator kept from unmapping freed memory
 *       ({@link #keepingAllocator()}), without which PyTorch ran NIN 5x slower.
 * </ul>
 */
final class WorkerSetup {
  private static final String ONEDNN_JAR = "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar";

  /**
   * JavaCPP tries nd4j-native's "-onednn" extension first and, when no jar on the classpath has
   * it, loads the oneDNN libraries a previous JVM extracted into {@code ~/.javacpp/cache}: "DL4J
   * as shipped" then ran the oneDNN build. With an empty platform extension only the plain
   * libraries qualify.
   */
  static final String PLAIN_BUILD_ONLY = "-Dorg.bytedeco.javacpp.platform.extension=";

  private WorkerSetup() {}

  static WorkerProcess start(Framework f, int threads, Path shippedNative, Path log)
      throws IOException {
    return start(f, threads, shippedNative, log, System.getProperty("java.class.path"));
  }

  /** The worker of {@code f} on the harness's {@code classpath} (tests pass their own). */
  static WorkerProcess start(
      Framework f, int threads, Path shippedNative, Path log, String classpath)
      throws IOException {
    Map<String, String> env = defaultEnvironment();
    List<String> jvm = new ArrayList<>(List.of("-Xmx3g", "-XX:+UseParallelGC"));
    switch (f) {
      case ANNET, DL4J_BEST -> {
        env.putAll(bestNd4jEnvironment(threads));
        env.putAll(keepingAllocator());
      }
      case DL4J_SHIPPED -> {
        classpath = shippedClasspath(classpath, shippedNative);
        env.keySet().removeIf(k -> k.startsWith("MALLOC_"));
        // annet-runtime is on this classpath too: keep its native defaults out of DL4J's run
        jvm.add("-Dannet.nativeDefaults=false");
        jvm.add(PLAIN_BUILD_ONLY);
      }
      case PYTORCH -> {
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.putAll(keepingAllocator());
        jvm.add("-Dai.djl.offline=true");
        jvm.add("-Dai.djl.pytorch.num_threads=" + threads);
        jvm.add("-Dai.djl.pytorch.num_interop_threads=1");
      }
      case ORT -> {
        env.putAll(keepingAllocator());
        jvm.add("-D" + OrtStep.THREADS_PROPERTY + "=" + threads);
      }
      default -> throw new IllegalStateException("no setup for " + f);
    }
    return new WorkerProcess(f, classpath, jvm, env, log);
  }

  /**
   * glibc's allocator told to keep freed memory instead of returning it to the system. PyTorch
   * frees and reallocates its activations every step; NIN's are up to 50 MB, above glibc's largest
   * mmap threshold, so without this every one is a fresh mmap whose pages fault in again (measured
   * here: 9 of 13 s in the kernel, NIN training 36 images/s instead of 205). Given to every "best
   * setup" worker; Annet, which allocates nothing per step, does not depend on it.
   */
  static Map<String, String> keepingAllocator() {
    return Map.of(
        "MALLOC_MMAP_MAX_", "0",
        "MALLOC_TRIM_THRESHOLD_", "100000000000",
        "MALLOC_TOP_PAD_", "536870912");
  }

  /** The parent's environment without any variable that tunes OpenMP or OpenBLAS. */
  static Map<String, String> defaultEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("OMP_")
                    || k.startsWith("GOMP_")
                    || k.startsWith("OPENBLAS_")
                    || k.startsWith("GOTO")
                    || k.startsWith("KMP_"));
    return env;
  }

  /** The environment the shared ND4J notes recommend for {@code threads} threads. */
  static Map<String, String> bestNd4jEnvironment(int threads) {
    Map<String, String> env = new HashMap<>();
    env.put("OMP_NUM_THREADS", Integer.toString(threads));
    env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    env.put("OMP_WAIT_POLICY", "PASSIVE");
    env.put(NativeDefaults.SPIN_VARIABLE, NativeDefaults.SPIN_COUNT);
    env.put("OPENBLAS_THREAD_TIMEOUT", "4");
    String core = Machine.openBlasCoreType();
    if (core != null) {
      env.put("OPENBLAS_CORETYPE", core);
    }
    return env;
  }

  /**
   * {@code classpath} with the oneDNN native jar replaced by the plain one; throws naming the
   * missing jar when either is absent.
   */
  static String shippedClasspath(String classpath, Path plainNative) throws IOException {
    if (!Files.isRegularFile(plainNative)) {
      throw new IOException(
          "DL4J as shipped needs the plain native jar "
              + plainNative
              + " (mvn package copies it into benchmarks/target/dl4j-shipped)");
    }
    List<String> entries = new ArrayList<>();
    boolean replaced = false;
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.endsWith(ONEDNN_JAR)) {
        entries.add(plainNative.toAbsolutePath().toString());
        replaced = true;
      } else {
        entries.add(entry);
      }
    }
    if (!replaced) {
      throw new IOException("expected " + ONEDNN_JAR + " on the classpath, found none");
    }
    return String.join(File.pathSeparator, entries);
  }
}
