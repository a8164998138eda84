package io.annet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness: starts one {@link Worker} JVM per framework, gives them the same initial
 * weights, warms every workload up, then times them in rounds, alternating the frameworks, and
 * writes {@code latest.md} and {@code latest.png}.
 *
 * <p>Options: {@code --quick} (one short round, for a smoke run), {@code --rounds N}, {@code
 * --threads N} (default: all cores), {@code --frameworks ANNET,PYTORCH,...}, {@code --workloads
 * NIN_TRAIN_64,...}, {@code --out DIR} (default {@code results}), {@code --shipped-native JAR} (the
 * plain nd4j-native jar for "DL4J as shipped").
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Results results = new Results(options.frameworks, options.workloads);
    results.quick = options.quick;
    Path scratch = Files.createTempDirectory("annet-bench");
    Files.createDirectories(options.out.resolve("logs"));
    Map<Framework, WorkerProcess> workers = new EnumMap<>(Framework.class);
    try {
      for (Framework f : options.frameworks) {
        Path log = options.out.resolve("logs").resolve(f.name().toLowerCase() + ".log");
        Files.deleteIfExists(log);
        WorkerProcess worker = WorkerSetup.start(f, options.threads, options.shippedNative, log);
        workers.put(f, worker);
        try {
          results.environments.put(f, worker.call("INFO").substring("INFO ".length()));
        } catch (IOException e) {
          results.environments.put(f, "failed to start: " + e.getMessage());
        }
        System.err.println(f.label() + ": " + results.environments.get(f));
      }
      Map<Workload.Net, Path> weights = new EnumMap<>(Workload.Net.class);
      for (Workload.Net n : Workload.Net.values()) {
        weights.put(n, scratch.resolve(n.name().toLowerCase() + ".weights"));
      }
      exportWeights(workers.get(Framework.ANNET), results, weights);
      results.context.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      results.context.put("machine", Machine.describe());
      results.context.put(
          "threads", options.threads + " (per framework; frameworks run one at a time)");
      results.context.put(
          "mode",
          options.quick
              ? "QUICK smoke run (1 round, few calls): not for quoting"
              : options.rounds + " rounds, frameworks alternating within each round");
      results.context.put(
          "versions",
          "Annet commit "
              + System.getProperty("annet.commit", "unknown")
              + ", ND4J/DL4J 1.0.0-M2.1, DJL 0.36.0, PyTorch 2.7.1, ONNX Runtime 1.20.0, Java "
              + System.getProperty("java.version"));
      exportOnnx(options, results, workers.get(Framework.ANNET), scratch);
      prepare(options, results, workers, weights, scratch);
      countBuffers(results, workers);
      for (int round = 0; round < options.rounds; round++) {
        for (Workload w : options.workloads) {
          List<Framework> order = new ArrayList<>(options.frameworks);
          java.util.Collections.rotate(order, round + w.ordinal());
          for (Framework f : order) {
            if (f.runs(w) && !results.failures.get(w).containsKey(f)) {
              run(options, results, workers.get(f), w);
            }
          }
        }
        System.err.println("round " + (round + 1) + " of " + options.rounds + " done");
      }
      // after the rounds, not right after preparing: the other workers' JVMs go on compiling and
      // collecting for seconds after their warm-ups, and a probe taken then read 163-170 GFLOP/s
      // where the same machine gives 305-318 (every "of peak" and "of bound" figure 2x too high)
      measurePeak(options, results, workers);
      measureBound(options, results, workers);
    } finally {
      for (WorkerProcess worker : workers.values()) {
        worker.close();
      }
      try (var files = Files.list(scratch)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(scratch);
    }
    Report.write(results, options.out);
    System.out.print(Report.markdown(results));
    System.err.println("wrote " + options.out.resolve("latest.md") + " and latest.png");
  }

  private static void exportWeights(
      WorkerProcess annet, Results results, Map<Workload.Net, Path> weights) throws IOException {
    Path nin = weights.get(Workload.Net.NIN);
    Path mnist = weights.get(Workload.Net.MNIST);
    if (annet != null) {
      try {
        for (Workload.Net n : Workload.Net.values()) {
          annet.call("WEIGHTS " + n.name().toLowerCase() + " " + weights.get(n));
        }
        for (Workload.Net n : Workload.Net.values()) {
          String answer = annet.call("MACS " + n.name().toLowerCase());
          results.macs.put(n, Long.parseLong(answer.substring("VALUE ".length())));
        }
        results.context.put(
            "initial weights",
            "Annet's (seed "
                + AnnetStep.SEED
                + "), copied into DL4J and PyTorch; ONNX Runtime runs Annet's ONNX export");
        results.context.put(
            "Annet inference",
            "Predictor.of(network).predict(x): a copy of the weights, reordered into oneDNN's"
                + " layouts on the first call only, as an ONNX Runtime session holds its own;"
                + " Network.predict re-reads the live weights on every call");
        return;
      } catch (IOException e) {
        System.err.println("Annet could not export its weights: " + e.getMessage());
      }
    }
    RandomWeights.of(Arch.ninCifar(), 1).write(nin);
    RandomWeights.of(Arch.mnistGap(), 2).write(mnist);
    results.macs.put(Workload.Net.NIN, Arch.ninCifar().macs());
    results.macs.put(Workload.Net.MNIST, Arch.mnistGap().macs());
    results.context.put(
        "initial weights", "He-normal from the harness (Annet unavailable; graphs not run)");
  }

  /**
   * Has Annet write, for every inference row ONNX Runtime runs, the ONNX export of its seeded
   * network and its probabilities on the row's input ({@code <scratch>/<workload>.onnx}).
   */
  private static void exportOnnx(
      Options options, Results results, WorkerProcess annet, Path scratch) {
    if (!options.frameworks.contains(Framework.ORT)) {
      return;
    }
    for (Workload w : options.workloads) {
      if (!Framework.ORT.runs(w)) {
        continue;
      }
      if (annet == null) {
        results.fail(w, Framework.ORT, "runs Annet's ONNX export: add ANNET to --frameworks");
        continue;
      }
      try {
        annet.call("ONNX " + w.name() + " " + onnxFile(scratch, w));
      } catch (IOException e) {
        results.fail(w, Framework.ORT, e.getMessage());
        System.err.println(e.getMessage());
      }
    }
  }

  private static Path onnxFile(Path scratch, Workload w) {
    return scratch.resolve(w.name().toLowerCase() + ".onnx");
  }

  private static void prepare(
      Options options,
      Results results,
      Map<Framework, WorkerProcess> workers,
      Map<Workload.Net, Path> weights,
      Path scratch) {
    for (Workload w : options.workloads) {
      for (Framework f : options.frameworks) {
        if (!f.runs(w) || results.failures.get(w).containsKey(f)) {
          continue;
        }
        String warmup = options.quick ? " " + Math.min(3, w.warmup()) : "";
        Path file = f == Framework.ORT ? onnxFile(scratch, w) : weights.get(w.net());
        try {
          String answer = workers.get(f).call("PREPARE " + w.name() + " " + file + warmup);
          System.err.println(
              w.label()
                  + ", "
                  + f.label()
                  + ": prepared and warmed up in "
                  + answer.substring(3)
                  + " ms");
        } catch (IOException e) {
          results.fail(w, f, e.getMessage());
          System.err.println(e.getMessage());
        }
      }
    }
  }

  /** The machine's fp32 peak, measured by the Annet (else DL4J best-setup) worker. */
  private static void measurePeak(
      Options options, Results results, Map<Framework, WorkerProcess> workers) {
    WorkerProcess probe =
        workers.containsKey(Framework.ANNET)
            ? workers.get(Framework.ANNET)
            : workers.get(Framework.DL4J_BEST);
    if (probe == null) {
      return;
    }
    int reps = options.quick ? 2 : 5;
    try {
      String answer = probe.call("PEAK " + reps);
      results.peakGflops = Double.parseDouble(answer.substring("VALUE ".length()).trim());
      results.peakProbe =
          "SGEMM " + PeakProbe.SIZE + "^3, the faster of Nd4j.gemm and oneDNN's dnnl_sgemm, best of "
              + reps + ", " + options.threads + " threads";
    } catch (IOException e) {
      System.err.println("fp32 peak: " + e.getMessage());
    }
  }

  private static void measureBound(
      Options options, Results results, Map<Framework, WorkerProcess> workers) {
    WorkerProcess gemm =
        workers.containsKey(Framework.ANNET)
            ? workers.get(Framework.ANNET)
            : workers.get(Framework.DL4J_BEST);
    if (gemm == null) {
      return;
    }
    for (Workload w : options.workloads) {
      if (w.net().graph()) {
        continue; // the bound is derived from a chain's Arch
      }
      try {
        String answer = gemm.call("GEMM " + w.name() + " " + (options.quick ? 2 : 5));
        results.boundNanos.put(w, Long.parseLong(answer.substring("TIMES ".length()).trim()));
      } catch (IOException e) {
        System.err.println("SGEMM bound of " + w.label() + ": " + e.getMessage());
      }
    }
  }

  /** ND4J buffers per call, after warm-up, for the frameworks that run on ND4J. */
  /** Calls over which Annet's inference rows count buffers (its results are made in batches). */
  static final int COUNTED_PREDICT_CALLS = 64;

  private static void countBuffers(Results results, Map<Framework, WorkerProcess> workers) {
    for (Workload w : results.workloads) {
      for (Framework f : results.frameworks) {
        if (f == Framework.PYTORCH
            || f == Framework.ORT
            || !f.runs(w)
            || results.failures.get(w).containsKey(f)) {
          continue;
        }
        try {
          // Annet's predict makes its result arrays up to 32 at a time: count over 64 calls
          int calls = f == Framework.ANNET && !w.train() ? COUNTED_PREDICT_CALLS : 2;
          String answer = workers.get(f).call("BUFFERS " + w.name() + " " + calls);
          results.buffersPerCall.get(w).put(f, Double.valueOf(answer.substring(6).trim()));
        } catch (IOException e) {
          System.err.println("buffer count: " + e.getMessage());
        }
      }
    }
  }

  private static void run(Options options, Results results, WorkerProcess worker, Workload w) {
    int reps = options.quick ? Math.max(1, w.repsPerBlock() / 4) : w.repsPerBlock();
    try {
      // the previous block's worker may still have threads spinning down: let them settle, then
      // one untimed call refills this worker's caches before its timed calls
      Thread.sleep(options.quick ? 0 : BLOCK_PAUSE_MS);
      String answer = worker.call("RUN " + w.name() + " " + reps + " " + (options.quick ? 0 : 1));
      List<Long> nanos =
          Arrays.stream(answer.substring("TIMES ".length()).trim().split(" "))
              .map(Long::valueOf)
              .toList();
      results.add(w, worker.framework(), nanos);
    } catch (IOException e) {
      results.fail(w, worker.framework(), e.getMessage());
      System.err.println(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between blocks", e);
    }
  }

  /** The pause before each timed block, in milliseconds. */
  static final long BLOCK_PAUSE_MS = 300;

  /** Parsed command-line options. */
  record Options(
      boolean quick,
      int rounds,
      int threads,
      List<Framework> frameworks,
      List<Workload> workloads,
      Path out,
      Path shippedNative) {

    static Options parse(String[] args) {
      boolean quick = false;
      int rounds = 5;
      int threads = Runtime.getRuntime().availableProcessors();
      List<Framework> frameworks = List.of(Framework.values());
      List<Workload> workloads = List.of(Workload.values());
      Path out = Path.of("results");
      Path shipped = Path.of("target", "dl4j-shipped", "nd4j-native-1.0.0-M2.1-linux-x86_64.jar");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> quick = true;
          case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
          case "--threads" -> threads = Integer.parseInt(value(args, ++i));
          case "--frameworks" ->
              frameworks =
                  Arrays.stream(value(args, ++i).split(","))
                      .map(s -> Framework.valueOf(s.trim().toUpperCase()))
                      .toList();
          case "--workloads" ->
              workloads =
                  Arrays.stream(value(args, ++i).split(","))
                      .map(s -> Workload.valueOf(s.trim().toUpperCase()))
                      .toList();
          case "--out" -> out = Path.of(value(args, ++i));
          case "--shipped-native" -> shipped = Path.of(value(args, ++i));
          default ->
              throw new IllegalArgumentException(
                  "unknown option '"
                      + args[i]
                      + "'; expected --quick, --rounds N, --threads N, --frameworks A,B,"
                      + " --workloads A,B, --out DIR or --shipped-native JAR");
        }
      }
      if (quick && !Arrays.asList(args).contains("--rounds")) {
        rounds = 1;
      }
      if (rounds < 1 || threads < 1) {
        throw new IllegalArgumentException(
            "--rounds and --threads must be at least 1, found " + rounds + " and " + threads);
      }
      frameworks = frameworks.stream().distinct().sorted().toList(); // report columns in enum order
      workloads = workloads.stream().distinct().sorted().toList();
      return new Options(quick, rounds, threads, frameworks, workloads, out, shipped);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }
}
