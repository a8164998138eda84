package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ONNX Runtime on Annet's export of every inference row: its probabilities equal Annet's (the
 * step's own check, repeated here), a wrong expectation is refused before timing, and the graph
 * rows' Annet training steps run.
 */
class OrtStepTest {
  @TempDir Path dir;

  @Test
  void ortEqualsAnnetOnEveryInferenceRow() throws Exception {
    for (Workload w : Workload.values()) {
      if (!Framework.ORT.runs(w)) {
        continue;
      }
      Path onnx = dir.resolve(w.name() + ".onnx");
      AnnetStep.exportOnnx(w, onnx);
      try (OrtStep step = new OrtStep(w, onnx, 1)) { // the constructor compares
        float[][] p = step.probabilities();
        assertEquals(w.batch(), p.length, w.label());
        Weights expected = Weights.read(OrtStep.expectedFile(onnx));
        OrtStep.compare(w, p, expected); // and again, explicitly
        step.run();
      }
    }
  }

  @Test
  void aDifferentAnswerIsRefusedBeforeTiming() throws Exception {
    Workload w = Workload.MNIST_INFER_1;
    Path onnx = dir.resolve("mnist.onnx");
    AnnetStep.exportOnnx(w, onnx);
    Weights right = Weights.read(OrtStep.expectedFile(onnx));
    float[] data = right.tensors().get("probabilities").data().clone();
    data[3] *= 1.001f; // a 1e-3 relative error
    Map<String, Weights.Tensor> wrong = new LinkedHashMap<>();
    wrong.put("probabilities", new Weights.Tensor(new long[] {1, 10}, data));
    new Weights(wrong).write(OrtStep.expectedFile(onnx));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new OrtStep(w, onnx, 1));
    assertTrue(
        e.getMessage().contains("class 3 for example 0") && e.getMessage().contains("not timed"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new OrtStep(Workload.MNIST_TRAIN_64, onnx, 1));
  }

  @Test
  void graphTrainingStepsMoveTheWeights() {
    for (Workload w : new Workload[] {Workload.RESNET_TRAIN_64, Workload.INCEPTION_TRAIN_64}) {
      try (AnnetStep step = new AnnetStep(w)) {
        INDArray before = step.parameter(0).dup();
        step.run();
        assertNotEquals(before, step.parameter(0), w.label());
      }
    }
  }
}
