package io.annet.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured, and the context needed to read it. */
final class Results {
  final List<Framework> frameworks;
  final List<Workload> workloads;
  final Map<String, String> context = new LinkedHashMap<>();
  final Map<Framework, String> environments = new EnumMap<>(Framework.class);
  final Map<Workload, Map<Framework, List<Long>>> times = new EnumMap<>(Workload.class);
  final Map<Workload, Map<Framework, String>> failures = new EnumMap<>(Workload.class);
  final Map<Workload, Long> boundNanos = new EnumMap<>(Workload.class);
  final Map<Workload, Map<Framework, Double>> buffersPerCall = new EnumMap<>(Workload.class);
  /** Multiply-accumulates per example of each network, as Annet's processor counted them. */
  final Map<Workload.Net, Long> macs = new EnumMap<>(Workload.Net.class);
  boolean quick;
  /** The machine's measured fp32 peak ({@link PeakProbe}), GFLOP/s; NaN when unmeasured. */
  double peakGflops = Double.NaN;
  /** How the peak was measured, for the report's header. */
  String peakProbe = "";

  Results(List<Framework> frameworks, List<Workload> workloads) {
    this.frameworks = List.copyOf(frameworks);
    this.workloads = List.copyOf(workloads);
    for (Workload w : workloads) {
      times.put(w, new EnumMap<>(Framework.class));
      failures.put(w, new EnumMap<>(Framework.class));
      buffersPerCall.put(w, new EnumMap<>(Framework.class));
    }
  }

  void add(Workload w, Framework f, List<Long> nanos) {
    times.get(w).computeIfAbsent(f, k -> new ArrayList<>()).addAll(nanos);
  }

  void fail(Workload w, Framework f, String why) {
    failures.get(w).putIfAbsent(f, why);
  }

  boolean ok(Workload w, Framework f) {
    return !failures.get(w).containsKey(f) && times.get(w).containsKey(f);
  }

  /** The summary of {@code f} on {@code w}, or null when it has no timings. */
  Stats stats(Workload w, Framework f) {
    List<Long> t = times.get(w).get(f);
    return ok(w, f) && t != null && !t.isEmpty() ? Stats.of(t) : null;
  }

  /** Multiply-accumulates per example of {@code w}'s network, 0 when unknown. */
  long macs(Workload w) {
    return macs.getOrDefault(w.net(), 0L);
  }

  /** Achieved GFLOP/s of {@code f} on {@code w}, NaN when unmeasured. */
  double gflops(Workload w, Framework f) {
    Stats s = stats(w, f);
    return s == null || macs(w) == 0 ? Double.NaN : w.flops(macs(w)) / s.medianNanos();
  }

  /** GFLOP/s of {@code f} on {@code w} over the measured peak, NaN when either is missing. */
  double shareOfPeak(Workload w, Framework f) {
    return gflops(w, f) / peakGflops;
  }

  /** Images/s of the SGEMM bound, NaN when unmeasured. */
  double boundImagesPerSecond(Workload w) {
    Long b = boundNanos.get(w);
    return b == null ? Double.NaN : w.batch() * 1e9 / b;
  }

  /**
   * {@code a}'s speed over {@code b}'s on {@code w} (median latency of b / of a), NaN if either is
   * missing.
   */
  double ratio(Workload w, Framework a, Framework b) {
    Stats sa = stats(w, a);
    Stats sb = stats(w, b);
    return sa == null || sb == null ? Double.NaN : sb.medianNanos() / sa.medianNanos();
  }
}
