package io.annet.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * An inference workload in ONNX Runtime (CPU execution provider, all graph optimisations, {@code
 * threads} intra-op threads, sequential execution) on the file Annet's ONNX export wrote for the
 * same seeded weights. Before any timing, its probabilities must equal Annet's {@code predict}
 * (written next to the model, see {@link #expectedFile}) within {@link #RELATIVE}.
 */
final class OrtStep implements Step {
  /** The JVM property the harness passes the thread count in. */
  static final String THREADS_PROPERTY = "annet.bench.threads";

  /** Relative tolerance of ONNX Runtime's probabilities against Annet's. */
  static final double RELATIVE = 1e-4;

  /** Below this a probability counts as zero for the relative check (float32 softmax rounding). */
  static final double FLOOR = 1e-6;

  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final OnnxTensor x;
  private final Map<String, OnnxTensor> inputs;

  /** Opens {@code onnx} for {@code workload} and checks its output against Annet's. */
  OrtStep(Workload workload, Path onnx, int threads) throws OrtException, IOException {
    if (workload.train()) {
      throw new IllegalArgumentException(
          workload.label() + ": ONNX Runtime runs inference rows only");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setIntraOpNumThreads(threads);
    options.setInterOpNumThreads(1);
    session = env.createSession(onnx.toString(), options);
    Workload.Net n = workload.net();
    x =
        OnnxTensor.createTensor(
            env,
            FloatBuffer.wrap(Batches.images(n.input(), workload.batch(), 7)),
            Batches.shape(n.input(), workload.batch()));
    inputs = Map.of(session.getInputNames().iterator().next(), x);
    compare(workload, probabilities(), Weights.read(expectedFile(onnx)));
  }

  /** Where Annet writes its probabilities on the workload's input, next to the model file. */
  static Path expectedFile(Path onnx) {
    return onnx.resolveSibling(onnx.getFileName() + ".expected");
  }

  /** The thread count from {@link #THREADS_PROPERTY}, else all cores. */
  static int threads() {
    return Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
  }

  /** ONNX Runtime's probabilities on the workload's input, {@code [batch, classes]}. */
  float[][] probabilities() throws OrtException {
    try (OrtSession.Result result = session.run(inputs)) {
      return (float[][]) result.get(0).getValue();
    }
  }

  /** Throws naming the first probability that differs from Annet's by more than RELATIVE. */
  static void compare(Workload w, float[][] actual, Weights expected) {
    Weights.Tensor e = expected.tensors().get("probabilities");
    int classes = w.net().classes();
    if (e == null || actual.length != w.batch() || e.data().length != w.batch() * classes) {
      throw new IllegalStateException(
          w.label() + ": ONNX Runtime's output has " + actual.length + " rows, Annet's "
              + (e == null ? "none" : e.data().length / classes) + "; expected " + w.batch());
    }
    for (int i = 0; i < actual.length; i++) {
      for (int k = 0; k < classes; k++) {
        double want = e.data()[i * classes + k];
        double got = actual[i][k];
        double error = Math.abs(got - want) / Math.max(Math.abs(want), FLOOR);
        if (!(error <= RELATIVE)) {
          throw new IllegalStateException(
              String.format(
                  Locale.ROOT,
                  "%s: ONNX Runtime's probability of class %d for example %d is %g, Annet's %g"
                      + " (relative error %.2g > %.0e): not timed",
                  w.label(), k, i, got, want, error, RELATIVE));
        }
      }
    }
  }

  @Override
  public void run() {
    try (OrtSession.Result result = session.run(inputs)) {
      result.get(0); // the output exists once run returns; nothing is copied out
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    x.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX Runtime session: " + e.getMessage(), e);
    }
    options.close();
  }
}
