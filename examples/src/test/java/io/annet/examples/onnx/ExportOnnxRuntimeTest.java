package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.annet.examples.InceptionV4HeadNetwork;
import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.MobileMnistNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.InceptionV4Network;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.examples.networks.EveryKindNetwork;
import io.annet.examples.networks.GlobalMaxHeadNetwork;
import io.annet.examples.networks.NormNetNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.onnx.OnnxMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The proof of the ONNX export: ONNX Runtime runs the export of every example model, after a few
 * training steps (so batch-norm statistics are not 0 and 1), and its probabilities equal {@code
 * predict}'s within 1e-4 relative at batch 1 and 7; the full Inception-v4 at batch 1.
 */
class ExportOnnxRuntimeTest {
  @TempDir Path dir;

  private void check(Network net, String file, int batch) throws Exception {
    OrtRunner.train(net, 3, batch, 17);
    OrtRunner.exportAndCompare(net, dir.resolve(file), 29, 1, 7);
  }

  @Test
  void mnistFcHead() throws Exception {
    check(MnistFcHeadNetwork.create(1), "fc.onnx", 8);
  }

  @Test
  void mnistGapHead() throws Exception {
    check(MnistGapHeadNetwork.create(2), "gap.onnx", 8);
  }

  @Test
  void ninCifar10() throws Exception {
    check(NinCifar10Network.create(3), "nin.onnx", 2);
  }

  @Test
  void resNetCifar() throws Exception {
    check(ResNetCifarNetwork.create(4), "resnet.onnx", 8);
  }

  @Test
  void inceptionMnist() throws Exception {
    check(InceptionMnistNetwork.create(5), "inception.onnx", 8);
  }

  @Test
  void inceptionV4Head() throws Exception {
    check(InceptionV4HeadNetwork.create(6), "head.onnx", 4);
  }

  /** Every chaining kind, asymmetric kernel and padding, SAME, every activation, dropout. */
  @Test
  void everyKind() throws Exception {
    check(EveryKindNetwork.create(7), "every.onnx", 8);
  }

  @Test
  void globalMaxHeadAndDepthwiseAndVectorBatchNorm() throws Exception {
    check(GlobalMaxHeadNetwork.create(8), "max.onnx", 8);
    check(MobileMnistNetwork.create(9), "mobile.onnx", 8);
    check(NormNetNetwork.create(10), "norm.onnx", 8);
  }

  /**
   * The full Inception-v4 (42.7 M parameters) at batch 1; training it would take long, so its
   * batch-norm running statistics are set to random values instead. Then imported back.
   */
  @Test
  void fullInceptionV4AtBatchOne() throws Exception {
    InceptionV4Network net = InceptionV4Network.create(11);
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      if (e.getKey().endsWith(".mean")) {
        e.getValue().assign(org.nd4j.linalg.factory.Nd4j.rand(e.getValue().shape()).subi(0.5));
      } else if (e.getKey().endsWith(".var")) {
        e.getValue().assign(org.nd4j.linalg.factory.Nd4j.rand(e.getValue().shape()).addi(0.5));
      }
    }
    Path file = dir.resolve("v4.onnx");
    OrtRunner.exportAndCompare(net, file, 31, 1);
    // and back: its look-alike branches (InceptionA's two 1x1 64 reductions) matched by wiring
    InceptionV4Network fresh = InceptionV4Network.create(12);
    io.annet.runtime.onnx.Onnx.loadWeights(fresh, file);
    assertEquals(net.parameters(), fresh.parameters());
  }

  /** A float64 network exports float32 weights; ONNX Runtime still matches its predict. */
  @Test
  void doublePrecisionNetwork() throws Exception {
    check(ResNetCifarNetwork.create(13, org.nd4j.linalg.api.buffer.DataType.DOUBLE),
        "double.onnx", 4);
  }

  @Test
  void signatureAndMetadata() throws Exception {
    ResNetCifarNetwork net = ResNetCifarNetwork.create(12);
    Path file = dir.resolve("meta.onnx");
    List<String> names = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
        "horse", "ship", "truck");
    net.exportOnnx(file, names);
    try (OrtSession session = OrtRunner.open(file)) {
      NodeInfo input = session.getInputInfo().get("ResNetCifar");
      TensorInfo in = (TensorInfo) input.getInfo();
      assertEquals(List.of(-1L, 3L, 32L, 32L), java.util.Arrays.stream(in.getShape()).boxed()
          .toList());
      TensorInfo out = (TensorInfo) session.getOutputInfo().get("probabilities").getInfo();
      assertEquals(List.of(-1L, 10L), java.util.Arrays.stream(out.getShape()).boxed().toList());
      Map<String, String> meta = session.getMetadata().getCustomMetadata();
      assertEquals("ResNetCifar", meta.get(OnnxMetadata.MODEL));
      assertEquals(ResNetCifarNetwork.SPEC, meta.get(OnnxMetadata.SPEC));
      assertEquals(64, meta.get(OnnxMetadata.SPEC_SHA256).length());
      assertEquals(String.join("\n", names), meta.get(OnnxMetadata.CLASS_NAMES));
    }
  }
}
