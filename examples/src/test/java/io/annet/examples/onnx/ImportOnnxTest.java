package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MobileMnistNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.examples.networks.EveryKindNetwork;
import io.annet.examples.networks.NormNetNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxException;
import io.annet.runtime.onnx.OnnxImportOptions;
import io.annet.runtime.onnx.OnnxImportReport;
import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import io.annet.runtime.onnx.proto.OnnxProto.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  /**
   * The file's node order does not matter, only its wiring: the export's nodes shuffled (the
   * reader sorts them topologically, so branches come in another order) still import exactly,
   * though InceptionMnist's b1 and b2Reduce are 1x1 convolutions of the same shape on the same
   * input, told apart only by what they feed.
   */
  @Test
  void shuffledNodesImportByWiring() throws Exception {
    InceptionMnistNetwork source = InceptionMnistNetwork.create(9);
    Path path = dir.resolve("incep.onnx");
    source.exportOnnx(path);
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(path));
    for (long seed = 0; seed < 5; seed++) {
      List<NodeProto> nodes = new ArrayList<>(model.getGraph().getNodeList());
      Collections.shuffle(nodes, new Random(seed));
      ModelProto.Builder shuffled = model.toBuilder();
      shuffled.getGraphBuilder().clearNode().addAllNode(nodes);
      Path file = dir.resolve("shuffled" + seed + ".onnx");
      Files.write(file, shuffled.build().toByteArray());
      InceptionMnistNetwork target = InceptionMnistNetwork.create(10);
      Onnx.loadWeights(target, file);
      assertEquals(source.parameters(), target.parameters(), "seed " + seed);
    }
  }

  /**
   * A concatenation's order is part of the wiring: with two equally wide branches swapped in the
   * file, which then computes another function, the import names the layer that no longer fits
   * rather than loading weights that would compute something else.
   */
  @Test
  void swappedConcatenationIsRejected() throws Exception {
    Path path = dir.resolve("incep.onnx");
    InceptionMnistNetwork.create(11).exportOnnx(path);
    ModelProto.Builder model = ModelProto.parseFrom(Files.readAllBytes(path)).toBuilder();
    NodeProto.Builder concat = model.getGraphBuilder().getNodeBuilderList().stream()
        .filter(n -> n.getOpType().equals("Concat")).findFirst().orElseThrow();
    String first = concat.getInput(0);
    concat.setInput(0, concat.getInput(3)).setInput(3, first); // b1 and b4: 16 channels each
    Path swapped = dir.resolve("swapped.onnx");
    Files.write(swapped, model.build().toByteArray());
    InceptionMnistNetwork target = InceptionMnistNetwork.create(12);
    Map<String, INDArray> before = snapshot(target);
    OnnxException e = assertThrows(OnnxException.class, () -> Onnx.loadWeights(target, swapped));
    assertTrue(e.getMessage().contains("inception3.1.b1") && e.getMessage().contains("Concat["),
        e.getMessage());
    assertEquals(before, target.parameters());
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
