package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.examples.networks.EveryKindNetwork;
import io.annet.examples.networks.MobileMnistNetwork;
import io.annet.examples.networks.NormNetNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxException;
import io.annet.runtime.onnx.OnnxImportOptions;
import io.annet.runtime.onnx.OnnxImportReport;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Import of Annet's own exports: export, import into a fresh network, predict equal bit for bit;
 * a backbone into a network with another head (partial import); the explicit name map.
 */
class ImportOnnxTest {
  @TempDir Path dir;

  /** Every tensor of {@code net}, copied. */
  static Map<String, INDArray> snapshot(Network net) {
    Map<String, INDArray> copy = new HashMap<>();
    net.parameters().forEach((k, v) -> copy.put(k, v.dup()));
    return copy;
  }

  private void roundTrip(Network trained, Network fresh, String file) throws Exception {
    OrtRunner.train(trained, 2, 6, 5);
    Path path = dir.resolve(file);
    trained.exportOnnx(path);
    assertNotEquals(trained.parameters(), fresh.parameters());
    OnnxImportReport report = Onnx.loadWeights(fresh, path);
    assertTrue(report.leftOut().isEmpty() && report.notFilled().isEmpty(), report.toString());
    assertEquals(trained.parameters(), fresh.parameters(), "every tensor, bit for bit");
    int[] shape = trained.architecture().inputShape();
    INDArray x = Nd4j.rand(DataType.FLOAT, 7, shape[0], shape[1], shape[2]);
    assertEquals(trained.predict(x), fresh.predict(x), "predict, bit for bit");
  }

  @Test
  void roundTripsAreBitIdentical() throws Exception {
    roundTrip(ResNetCifarNetwork.create(1), ResNetCifarNetwork.create(2), "resnet.onnx");
    roundTrip(InceptionMnistNetwork.create(1), InceptionMnistNetwork.create(2), "incep.onnx");
    roundTrip(NinCifar10Network.create(1), NinCifar10Network.create(2), "nin.onnx");
    roundTrip(EveryKindNetwork.create(1), EveryKindNetwork.create(2), "every.onnx");
    roundTrip(MobileMnistNetwork.create(1), MobileMnistNetwork.create(2), "mobile.onnx");
    roundTrip(NormNetNetwork.create(1), NormNetNetwork.create(2), "norm.onnx");
  }

  @Test
  void backboneIntoAnotherHead() throws Exception {
    MnistFcHeadNetwork source = MnistFcHeadNetwork.create(3);
    Path path = dir.resolve("fc.onnx");
    source.exportOnnx(path);
    FcBackboneNetwork target = FcBackboneNetwork.create(4);
    INDArray head = target.logits().weight().dup();

    OnnxException whole = assertThrows(OnnxException.class, () -> Onnx.loadWeights(target, path));
    assertTrue(whole.getMessage().contains("logits"), whole.getMessage());
    assertEquals(head, target.logits().weight());

    OnnxImportReport report =
        Onnx.loadWeights(target, path, OnnxImportOptions.defaults().upTo("conv2"));
    assertEquals(source.conv1().weight(), target.conv1().weight());
    assertEquals(source.conv2().bias(), target.conv2().bias());
    assertEquals(head, target.logits().weight(), "the new head keeps its values");
    assertEquals(2, report.leftOut().size(), report.toString());
    assertTrue(report.leftOut().get(0).contains("fc1.weight [64, 1568]"), report.toString());
    assertEquals(java.util.List.of("logits"), report.notFilled());
  }

  @Test
  void partialImportOfAPrefixNetworkWithoutUpTo() throws Exception {
    MnistFcHeadNetwork source = MnistFcHeadNetwork.create(5);
    Path path = dir.resolve("fc.onnx");
    source.exportOnnx(path);
    MnistFcHeadNetwork target = MnistFcHeadNetwork.create(6);
    OnnxImportReport report =
        Onnx.loadWeights(target, path, OnnxImportOptions.defaults().partial());
    assertTrue(report.leftOut().isEmpty(), report.toString());
    assertEquals(source.parameters(), target.parameters());
  }

  @Test
  void nameMapFillsWhatStructureCannot() throws Exception {
    MnistFcHeadNetwork source = MnistFcHeadNetwork.create(7);
    Path path = dir.resolve("fc.onnx");
    source.exportOnnx(path);
    FcBackboneNetwork target = FcBackboneNetwork.create(8);
    // conv2 by name from conv1's tensors is impossible (shapes): the error names both shapes
    OnnxImportOptions wrong = OnnxImportOptions.defaults().upTo("conv2")
        .withNames(Map.of("conv2.weight", "conv1.weight", "conv2.bias", "conv1.bias"));
    Map<String, INDArray> before = snapshot(target);
    OnnxException e = assertThrows(OnnxException.class, () -> Onnx.loadWeights(target, path,
        wrong));
    assertTrue(e.getMessage().contains("[32, 16, 3, 3]") && e.getMessage().contains(
        "[16, 1, 3, 3]"), e.getMessage());
    assertEquals(before, target.parameters(), "unchanged after the error");
    OnnxImportOptions named = OnnxImportOptions.defaults().upTo("conv2")
        .withNames(Map.of("conv1.weight", "conv1.weight", "conv1.bias", "conv1.bias"));
    OnnxImportReport report = Onnx.loadWeights(target, path, named);
    assertTrue(report.filled().get(0).contains("(by name)"), report.toString());
    assertEquals(source.conv2().weight(), target.conv2().weight(), "conv2 still by structure");
  }
}
