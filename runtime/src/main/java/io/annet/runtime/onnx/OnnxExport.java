package io.annet.runtime.onnx;

import io.annet.dsl.Layer;
import io.annet.runtime.Architecture;
import io.annet.runtime.Network;
import io.annet.runtime.layers.OnnxExportable;
import io.annet.runtime.onnx.proto.OnnxProto.GraphProto;
import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import io.annet.runtime.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.annet.runtime.onnx.proto.OnnxProto.StringStringEntryProto;
import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import io.annet.runtime.onnx.proto.OnnxProto.TensorShapeProto;
import io.annet.runtime.onnx.proto.OnnxProto.TypeProto;
import io.annet.runtime.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX inference model of a network: its layers in the spec's order, each written by
 * its kernel's {@link OnnxExportable} hook, wired as the spec says, then the softmax the network
 * adds when its last layer is not one, and an {@code Identity} naming the output.
 */
final class OnnxExport {
  /** The operator set the export targets (ai.onnx). */
  static final int OPSET = 13;
  /** IR version 7 is the one of opset 13 (ONNX 1.8): the oldest runtime that reads the opset. */
  static final int IR_VERSION = 7;
  /** The graph's output: class probabilities {@code [N, classes]}. */
  static final String OUTPUT = "probabilities";
  /** The symbolic batch dimension of the input and the output. */
  static final String BATCH = "N";

  private OnnxExport() {}

  /** The model of {@code network}, with {@code classNames} (may be empty) in its metadata. */
  static ModelProto build(Network network, List<String> classNames) {
    Architecture architecture = network.architecture();
    String model = architecture.modelName();
    if (!classNames.isEmpty() && classNames.size() != architecture.classes()) {
      throw new OnnxException(model + " has " + architecture.classes() + " classes, found "
          + classNames.size() + " class names");
    }
    GraphProto.Builder graph = GraphProto.newBuilder().setName(model);
    OnnxGraph builder = new OnnxGraph(graph);
    Map<String, Layer> layers = LayerIndex.of(network);
    Map<String, String> tensors = new HashMap<>();
    tensors.put(Topology.INPUT, model);
    String last = model;
    Layer lastLayer = null;
    String lastKind = "";
    for (Topology.Node node : Topology.of(architecture).nodes()) {
      Layer layer = LayerIndex.require(layers, node.name(), model);
      if (!(layer instanceof OnnxExportable exportable)) {
        throw new OnnxException(model + ": layer " + node.name() + " (@" + node.kind()
            + ") has no ONNX export");
      }
      List<String> inputs = node.inputs().stream().map(tensors::get).toList();
      last = exportable.exportOnnx(builder, inputs);
      tensors.put(node.name(), last);
      lastLayer = layer;
      lastKind = node.kind();
    }
    if (!lastKind.equals("Softmax")) { // predict returns probabilities: the implicit softmax
      if (lastLayer != null && lastLayer.outputShape().length != 1) {
        last = builder.flatten("softmax.flatten", last);
      }
      last = builder.node("Softmax", "softmax", List.of(last),
          OnnxGraph.Attribute.integer("axis", 1));
    }
    builder.node("Identity", OUTPUT, List.of(last));
    int[] input = architecture.inputShape();
    graph.addInput(value(model, input));
    graph.addOutput(value(OUTPUT, new int[] {architecture.classes()}));
    ModelProto.Builder proto = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("Annet")
        .setProducerVersion(OnnxMetadata.producerVersion())
        .setDocString(architecture.summary())
        .setGraph(graph);
    metadata(proto, OnnxMetadata.MODEL, model);
    metadata(proto, OnnxMetadata.SPEC_SHA256, sha256(architecture.spec()));
    metadata(proto, OnnxMetadata.SPEC, architecture.spec());
    if (!classNames.isEmpty()) {
      metadata(proto, OnnxMetadata.CLASS_NAMES, String.join("\n", classNames));
    }
    return proto.build();
  }

  /** A float32 tensor {@code [N, ...shape]} with a symbolic batch dimension. */
  private static ValueInfoProto value(String name, int[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (int d : shape) {
      dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims).build();
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  private static void metadata(ModelProto.Builder proto, String key, String value) {
    proto.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }

  /** The SHA-256 of the spec's UTF-8 bytes in hex, as checkpoints hash it. */
  static String sha256(String spec) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(spec.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
