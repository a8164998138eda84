package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.runtime.AnnetException;
import io.annet.runtime.Network;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxException;
import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import io.annet.runtime.onnx.proto.OnnxProto.NodeProto;
import io.annet.runtime.onnx.proto.OnnxProto.OperatorSetIdProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bad ONNX files: each is a clear {@link OnnxException} (an {@link AnnetException}) saying what is
 * wrong, and the network keeps every value it had.
 */
class BadOnnxFileTest {
  @TempDir Path dir;
  private Path good;
  private ModelProto model;
  private MnistFcHeadNetwork target;
  private Map<String, INDArray> before;

  @BeforeEach
  void export() throws Exception {
    good = dir.resolve("good.onnx");
    MnistFcHeadNetwork.create(1).exportOnnx(good);
    model = ModelProto.parseFrom(Files.readAllBytes(good));
    target = MnistFcHeadNetwork.create(2);
    before = ImportOnnxTest.snapshot(target);
  }

  private String failure(Network net, Path file) {
    OnnxException e = assertThrows(OnnxException.class, () -> Onnx.loadWeights(net, file));
    assertEquals(before, net.parameters(), "no value written: " + e.getMessage());
    return e.getMessage();
  }

  private Path edited(String name, UnaryOperator<ModelProto.Builder> edit) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, edit.apply(model.toBuilder()).build().toByteArray());
    return file;
  }

  @Test
  void truncatedFiles() throws Exception {
    byte[] bytes = Files.readAllBytes(good);
    for (int length : new int[] {0, 7, bytes.length / 3, bytes.length / 2, bytes.length - 3}) {
      Path cut = dir.resolve("cut" + length + ".onnx");
      Files.write(cut, Arrays.copyOf(bytes, length));
      String message = failure(target, cut);
      assertTrue(message.contains("truncated"), length + ": " + message);
    }
  }

  @Test
  void wrongOpset() throws Exception {
    for (long version : new long[] {3, 99}) {
      Path file = edited("opset" + version + ".onnx", b -> b.clearOpsetImport()
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(version)));
      String message = failure(target, file);
      assertTrue(message.contains("opset " + version) && message.contains("7 to 21"), message);
    }
  }

  @Test
  void wrongShapesNameTheLayerTheNodeAndBothShapes() throws Exception {
    FcNarrowNetwork narrow = FcNarrowNetwork.create(3);
    before = ImportOnnxTest.snapshot(narrow);
    String message = failure(narrow, good);
    assertTrue(message.contains("conv2") && message.contains("'conv2' (Conv")
        && message.contains("[24, 16, 3, 3]") && message.contains("[32, 16, 3, 3]"), message);
  }

  @Test
  void wrongInputShape() throws Exception {
    Path file = edited("input.onnx", b -> {
      b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
          .getShapeBuilder().getDimBuilder(2).setDimValue(32);
      return b;
    });
    String message = failure(target, file);
    assertTrue(message.contains("[N, 1, 28, 28]"), message);
  }

  @Test
  void unknownOperatorIsNamed() throws Exception {
    Path file = edited("einsum.onnx", b -> {
      b.getGraphBuilder().getNodeBuilder(1).setOpType("Einsum");
      return b;
    });
    String message = failure(target, file);
    assertTrue(message.contains("Einsum") && message.contains("cannot represent"), message);
  }

  @Test
  void cycleIsNamed() throws Exception {
    Path file = edited("cycle.onnx", b -> {
      NodeProto.Builder first = b.getGraphBuilder().getNodeBuilder(0);
      first.setInput(0, b.getGraphBuilder().getNode(2).getOutput(0)); // conv1 <- conv2's output
      return b;
    });
    String message = failure(target, file);
    assertTrue(message.contains("cycle") && message.contains("'conv1' (Conv)"), message);
  }

  @Test
  void missingWeightIsNamed() throws Exception {
    Path file = edited("noweight.onnx", b -> {
      b.getGraphBuilder().removeInitializer(0);
      return b;
    });
    String message = failure(target, file);
    assertTrue(message.contains("conv1.weight") && message.contains("produced by no"), message);
  }

  @Test
  void shortOrForgedTensorsAreNamed() throws Exception {
    Path shortWeight = edited("short.onnx", b -> {
      var init = b.getGraphBuilder().getInitializerBuilder(0);
      init.setRawData(init.getRawData().substring(0, init.getRawData().size() / 2));
      return b;
    });
    String message = failure(target, shortWeight);
    assertTrue(message.contains("conv1.weight") && message.contains("needs 144 values, found 72"),
        message);
    Path huge = edited("huge.onnx", b -> {
      b.getGraphBuilder().getInitializerBuilder(0).setDims(0, 1L << 40);
      return b;
    });
    message = failure(target, huge);
    assertTrue(message.contains("impossible dimensions"), message);
    Path wrongBias = edited("bias.onnx", b -> {
      var init = b.getGraphBuilder().getInitializerBuilder(1); // conv1.bias [16]
      init.setDims(0, 8).setRawData(init.getRawData().substring(0, 32));
      return b;
    });
    message = failure(target, wrongBias);
    assertTrue(message.contains("conv1") && message.contains("[16]") && message.contains("[8]"),
        message);
  }

  /** Found by OnnxFuzzTest: a NaN weight loaded, and the network predicted NaN from then on. */
  @Test
  void nonFiniteWeightsAndNegativeVariancesAreRefused() throws Exception {
    Path nan = edited("nan.onnx", b -> {
      var init = b.getGraphBuilder().getInitializerBuilder(1); // conv1.bias [16]
      byte[] raw = init.getRawData().toByteArray();
      java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(8, Float.NaN);
      init.setRawData(com.google.protobuf.ByteString.copyFrom(raw));
      return b;
    });
    String message = failure(target, nan);
    assertTrue(message.contains("conv1.bias") && message.contains("NaN at index 2")
        && message.contains("finite"), message);
  }
}
