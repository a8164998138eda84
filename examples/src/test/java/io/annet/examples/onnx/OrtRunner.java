package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.annet.runtime.Network;
import io.annet.runtime.optim.Sgd;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs an exported model in ONNX Runtime and compares it with the network's own predict. */
final class OrtRunner {
  /** Relative tolerance of an ONNX Runtime output against {@code predict}. */
  static final double RELATIVE = 1e-4;
  /** Below this an output counts as zero for the relative check (float32 rounding of softmax). */
  static final double FLOOR = 1e-6;

  private OrtRunner() {}

  /** Runs {@code model} on {@code x} ({@code [N, C, H, W]} float) and returns its only output. */
  static float[][] run(Path model, INDArray x) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model.toString(), options)) {
        String input = session.getInputNames().iterator().next();
        float[] data = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), x.shape());
            OrtSession.Result result = session.run(Map.of(input, tensor))) {
          return (float[][]) result.get(0).getValue();
        }
      }
    }
  }

  /** The input name and custom metadata of {@code model}, as ONNX Runtime reads them. */
  static OrtSession open(Path model) throws OrtException {
    return OrtEnvironment.getEnvironment().createSession(model.toString(),
        new OrtSession.SessionOptions());
  }

  /** Asserts that ONNX Runtime's output equals {@code expected} within {@link #RELATIVE}. */
  static void assertClose(INDArray expected, float[][] actual, String what) {
    assertEquals(expected.size(0), actual.length, what + ": batch");
    for (int n = 0; n < actual.length; n++) {
      assertEquals(expected.size(1), actual[n].length, what + ": classes");
      for (int k = 0; k < actual[n].length; k++) {
        double e = expected.getDouble(n, k);
        double a = actual[n][k];
        double error = Math.abs(a - e) / Math.max(Math.abs(e), FLOOR);
        assertTrue(error <= RELATIVE,
            what + ": example " + n + " class " + k + ": predict " + e + ", ONNX Runtime " + a
                + " (relative error " + error + ")");
      }
    }
  }

  /**
   * A few SGD steps on random data and labels, so that weights move and batch-norm running
   * statistics are no longer 0 and 1.
   */
  static void train(Network net, int steps, int batch, long seed) {
    Random random = new Random(seed);
    Sgd sgd = new Sgd(0.05, 0.9);
    int[] shape = net.architecture().inputShape();
    for (int s = 0; s < steps; s++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, shape[0], shape[1], shape[2]).muli(2);
      int[] labels = new int[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = random.nextInt(net.architecture().classes());
      }
      net.computeGradients(x, labels);
      sgd.step(net.parameters(), net.gradients());
    }
  }

  /** Exports {@code net} to {@code path} and checks ONNX Runtime against predict at each batch. */
  static void exportAndCompare(Network net, Path path, long seed, int... batches)
      throws Exception {
    net.exportOnnx(path);
    int[] shape = net.architecture().inputShape();
    Nd4j.getRandom().setSeed(seed);
    for (int batch : batches) {
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, shape[0], shape[1], shape[2]);
      INDArray expected = net.predict(x);
      float[][] actual = run(path, x);
      assertArrayEquals(new long[] {batch, net.architecture().classes()}, expected.shape());
      assertClose(expected, actual, net.architecture().modelName() + " batch " + batch);
    }
  }
}
