package io.annet.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JVM that runs one framework: reads commands on stdin, answers on stdout with lines that start
 * with {@value #PREFIX} (anything else a library prints is ignored by the harness).
 *
 * <p>Commands: {@code WEIGHTS nin|mnist|resnet|inception <file>} (Annet: export the seeded
 * initial weights, batch-norm statistics included), {@code ONNX <workload> <file>} (Annet: the ONNX export of the seeded network and its probabilities on
 * the workload's input), {@code PREPARE <workload> <weights file, or the ONNX file for ONNX
 * Runtime> [warm-up calls]} (build, check and warm up), {@code PEAK <reps>} (the fp32 peak probe,
 * GFLOP/s), {@code RUN <workload>
 * <reps> [untimed calls first]} (answer {@code TIMES} in ns), {@code GEMM <workload> <reps>} (the SGEMM bound, ns), {@code BUFFERS <workload> <calls>} (ND4J
 * buffers created per call),
 * {@code MACS nin|mnist|resnet|inception}, {@code INFO}, {@code QUIT}.
 */
public final class Worker {
  static final String PREFIX = "@@ ";

  private final Framework framework;
  private final Map<Workload, Step> steps = new EnumMap<>(Workload.class);
  private final PrintStream out;

  private Worker(Framework framework, PrintStream out) {
    this.framework = framework;
    this.out = out;
  }

  /** Entry point: {@code Worker <framework>}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: Worker <framework>, found " + args.length + " arguments");
    }
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err); // library chatter goes to stderr, the protocol stays clean
    Worker worker = new Worker(Framework.valueOf(args[0]), protocol);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equals("QUIT")) {
        break;
      }
      try {
        worker.out.println(PREFIX + worker.handle(words));
      } catch (Throwable e) {
        e.printStackTrace(); // to the worker's log
        String message = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
        worker.out.println(PREFIX + "ERROR " + message);
      }
    }
    for (Step step : worker.steps.values()) {
      step.close();
    }
    System.exit(0);
  }

  private String handle(String[] words) throws Exception {
    switch (words[0]) {
      case "WEIGHTS":
        AnnetStep.initialWeights(Workload.Net.valueOf(words[1].toUpperCase()))
            .write(Path.of(words[2]));
        return "OK";
      case "PREPARE":
        {
          Workload workload = Workload.valueOf(words[1]);
          long start = System.nanoTime();
          Step step = create(workload, Path.of(words[2]));
          steps.put(workload, step);
          int warmup = words.length > 3 ? Integer.parseInt(words[3]) : workload.warmup();
          for (int i = 0; i < warmup; i++) {
            step.run();
          }
          return "OK " + (System.nanoTime() - start) / 1_000_000;
        }
      case "RUN":
        {
          Step step = steps.get(Workload.valueOf(words[1]));
          if (step == null) {
            return "ERROR " + words[1] + " was not prepared";
          }
          int reps = Integer.parseInt(words[2]);
          int untimed = words.length > 3 ? Integer.parseInt(words[3]) : 0;
          for (int i = 0; i < untimed; i++) { // the block's own warm-up after another worker ran
            step.run();
          }
          StringBuilder times = new StringBuilder("TIMES");
          for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            step.run();
            times.append(' ').append(System.nanoTime() - start);
          }
          return times.toString();
        }
      case "ONNX":
        AnnetStep.exportOnnx(Workload.valueOf(words[1]), Path.of(words[2]));
        return "OK";
      case "PEAK":
        return "VALUE " + PeakProbe.gflops(Integer.parseInt(words[1]));
      case "GEMM":
        return "TIMES " + GemmBound.nanos(Workload.valueOf(words[1]), Integer.parseInt(words[2]));
      case "BUFFERS":
        {
          if (framework == Framework.PYTORCH || framework == Framework.ORT) {
            return "ERROR " + framework.label() + " has no ND4J buffers to count";
          }
          Step step = steps.get(Workload.valueOf(words[1]));
          if (step == null) {
            return "ERROR " + words[1] + " was not prepared";
          }
          return "VALUE " + BufferCounter.perCall(step::run, Integer.parseInt(words[2]));
        }
      case "MACS":
        return "VALUE " + AnnetStep.macs(Workload.Net.valueOf(words[1].toUpperCase()));
      case "INFO":
        return "INFO " + EnvironmentInfo.describe(framework);
      default:
        return "ERROR unknown command '"
            + words[0]
            + "', expected WEIGHTS, ONNX, PREPARE, RUN, PEAK, GEMM, BUFFERS, MACS, INFO or QUIT";
    }
  }

  private Step create(Workload workload, Path file) throws Exception {
    if (!framework.runs(workload)) {
      throw new IllegalArgumentException(framework.label() + " has no " + workload.label());
    }
    switch (framework) {
      case ANNET:
        return new AnnetStep(workload);
      case DL4J_SHIPPED:
        if (EnvironmentInfo.oneDnnBuild()) {
          throw new IllegalStateException(
              "DL4J as shipped loaded the oneDNN native build, not the plain one: not timed");
        }
        return new Dl4jStep(workload, Weights.read(file));
      case DL4J_BEST:
        return new Dl4jStep(workload, Weights.read(file));
      case PYTORCH:
        return new DjlStep(workload, Weights.read(file));
      case ORT:
        return new OrtStep(workload, file, OrtStep.threads());
      default:
        throw new IllegalStateException("no step for " + framework);
    }
  }
}
