package io.annet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmark runs on, read from {@code /proc/cpuinfo}. */
final class Machine {
  private Machine() {}

  /** E.g. {@code Intel(R) Xeon(R) ..., 2 logical cores, AVX-512, Linux 6.1}. */
  static String describe() {
    List<String> info = cpuinfo();
    String model = field(info, "model name");
    String flags = field(info, "flags");
    String isa =
        flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : "no AVX2";
    return (model.isBlank() ? "unknown CPU" : model.trim())
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " logical cores, "
        + isa
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", "
        + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MB harness heap";
  }

  /**
   * The {@code OPENBLAS_CORETYPE} for this CPU (OpenBLAS 0.3.19 does not recognise recent
   * processors and falls back to SSE3 kernels): SkylakeX with AVX-512, Haswell with AVX2, else null
   * (leave OpenBLAS to choose).
   */
  static String openBlasCoreType() {
    String flags = field(cpuinfo(), "flags");
    if (flags.contains(" avx512f")) {
      return "SkylakeX";
    }
    return flags.contains(" avx2") ? "Haswell" : null;
  }

  private static List<String> cpuinfo() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String field(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name)) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : " " + line.substring(colon + 1).trim() + " ";
      }
    }
    return "";
  }
}
