package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxImportReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A foreign ONNX file: a PyTorch CNN exported by {@code torch.onnx.export} (the committed
 * fixtures and {@code make_fixture.py} under {@code src/test/resources/onnx}, no Python needed
 * here) loads into its Annet twin {@link TorchTwin} without a name map, its batch norms folded
 * into the convolutions or not, and the outputs equal PyTorch's within 1e-4.
 */
class PyTorchImportTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/onnx/" + name)) {
      Files.copy(in, file);
    }
    return file;
  }

  /** The fixture's input {@code [3, 1, 12, 12]} and PyTorch's output {@code [3, 4]}. */
  private INDArray[] expected() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/onnx/torch_twin_expected.txt")) {
      double[] values = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#")).mapToDouble(Double::parseDouble).toArray();
      assertEquals(3 * 144 + 3 * 4, values.length);
      INDArray x = Nd4j.create(Arrays.copyOf(values, 432), new long[] {3, 1, 12, 12}, 'c');
      INDArray y = Nd4j.create(Arrays.copyOfRange(values, 432, 444), new long[] {3, 4}, 'c');
      return new INDArray[] {x.castTo(DataType.FLOAT), y};
    }
  }

  private void importsAndMatches(String file, String batchNorm) throws Exception {
    TorchTwinNetwork net = TorchTwinNetwork.create(1);
    OnnxImportReport report = Onnx.loadWeights(net, resource(file));
    assertTrue(report.filled().get(1).contains(batchNorm), report.toString());
    assertTrue(report.filled().get(0).startsWith("conv1 <- '/features/features.0/Conv'"),
        report.toString());
    INDArray[] io = expected();
    float[][] expected = io[1].toFloatMatrix();
    OrtRunner.assertClose(net.predict(io[0]), expected, file);
  }

  @Test
  void foldedBatchNorms() throws Exception {
    importsAndMatches("torch_twin_folded.onnx", "bn1 <- folded into");
  }

  @Test
  void keptBatchNorms() throws Exception {
    importsAndMatches("torch_twin_bn.onnx", "bn1 <- '/features/features.1/BatchNormalization'");
  }
}
