package io.annet.runtime.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.annet.runtime.onnx.proto.OnnxProto.AttributeProto;
import io.annet.runtime.onnx.proto.OnnxProto.GraphProto;
import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import io.annet.runtime.onnx.proto.OnnxProto.NodeProto;
import io.annet.runtime.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Reads and checks an ONNX file before anything of it is used: a parsable model with a graph, an
 * ai.onnx opset Annet knows ({@link #MIN_OPSET} to {@link #MAX_OPSET}), only operators Annet can
 * represent (or the shape plumbing exporters add around them), every node input produced by
 * something, and no cycle; then the nodes in topological order (the file's order where it allows).
 *
 * @param model the parsed model
 * @param nodes its nodes in topological order
 * @param constants the initializers and {@code Constant} nodes' tensors, by name
 */
record OnnxModelReader(ModelProto model, List<NodeProto> nodes, Map<String, TensorProto> constants) {
  /** The oldest ai.onnx opset read (ONNX 1.2's, the first with today's Conv and Gemm). */
  static final int MIN_OPSET = 7;
  /** The newest ai.onnx opset read (ONNX 1.16's). */
  static final int MAX_OPSET = 21;

  /** The operators with weights Annet fills, and those whose computation Annet has too. */
  static final Set<String> SUPPORTED = Set.of(
      "Conv", "Gemm", "MatMul", "BatchNormalization", "Relu", "LeakyRelu", "Tanh", "Sigmoid",
      "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Flatten", "Reshape",
      "Concat", "Add", "Sum", "Softmax", "Dropout", "Identity", "Constant", "Shape", "Gather",
      "Unsqueeze", "Squeeze", "Pad");

  /** Reads {@code path}; any problem is an {@link OnnxException} saying what and where. */
  static OnnxModelReader read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxException(path + " is not a readable ONNX model (truncated or not ONNX): "
          + e.getMessage(), e);
    }
    return of(model, path.toString());
  }

  /** Checks {@code model}, read from {@code source}. */
  static OnnxModelReader of(ModelProto model, String source) {
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxException(source + " has no graph nodes (truncated or not an ONNX model)");
    }
    checkOpset(model, source);
    GraphProto graph = model.getGraph();
    Map<String, TensorProto> constants = new LinkedHashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), t);
    }
    for (NodeProto node : graph.getNodeList()) {
      String domain = node.getDomain();
      if (!(domain.isEmpty() || domain.equals("ai.onnx")) || !SUPPORTED.contains(node.getOpType())) {
        throw new OnnxException(source + ": ONNX node " + describe(node) + " is the operator "
            + (domain.isEmpty() ? "" : domain + ".") + node.getOpType()
            + ", which Annet cannot represent (Annet reads " + new java.util.TreeSet<>(SUPPORTED)
            + ")");
      }
      if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
        throw new OnnxException(source + ": ONNX node " + describe(node) + " has no output");
      }
      if (node.getOpType().equals("Constant")) {
        for (AttributeProto a : node.getAttributeList()) {
          if (a.getName().equals("value") && a.hasT()) {
            constants.put(node.getOutput(0), a.getT());
          }
        }
      }
    }
    return new OnnxModelReader(model, sorted(graph, constants.keySet(), source), constants);
  }

  private static void checkOpset(ModelProto model, String source) {
    for (OperatorSetIdProto opset : model.getOpsetImportList()) {
      String domain = opset.getDomain();
      if (domain.isEmpty() || domain.equals("ai.onnx")) {
        long version = opset.getVersion();
        if (version < MIN_OPSET || version > MAX_OPSET) {
          throw new OnnxException(source + " uses ONNX opset " + version + "; Annet reads opsets "
              + MIN_OPSET + " to " + MAX_OPSET);
        }
        return;
      }
    }
    throw new OnnxException(source + " imports no ai.onnx opset (truncated or not ONNX);"
        + " Annet reads opsets " + MIN_OPSET + " to " + MAX_OPSET);
  }

  /**
   * The nodes in topological order, by Kahn's algorithm taking the earliest ready node of the file
   * first; an input nothing produces, or a cycle, is an {@link OnnxException}.
   */
  private static List<NodeProto> sorted(GraphProto graph, Set<String> constants, String source) {
    List<NodeProto> nodes = graph.getNodeList();
    Set<String> available = new HashSet<>(constants);
    graph.getInputList().forEach(v -> available.add(v.getName()));
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String out : nodes.get(i).getOutputList()) {
        producer.put(out, i);
      }
    }
    int[] waiting = new int[nodes.size()];
    Map<Integer, List<Integer>> consumers = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : nodes.get(i).getInputList()) {
        if (in.isEmpty() || (available.contains(in) && !producer.containsKey(in))) {
          continue; // an omitted optional input, or a graph input or initializer
        }
        Integer p = producer.get(in);
        if (p == null) {
          throw new OnnxException(source + ": the input " + in + " of ONNX node "
              + describe(nodes.get(i)) + " is produced by no node, initializer or graph input"
              + " (truncated file?)");
        }
        waiting[i]++;
        consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    List<NodeProto> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order.add(nodes.get(i));
      for (int c : consumers.getOrDefault(i, List.of())) {
        if (--waiting[c] == 0) {
          ready.add(c);
        }
      }
    }
    if (order.size() < nodes.size()) {
      List<String> cycle = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (waiting[i] > 0) {
          cycle.add(describe(nodes.get(i)));
        }
      }
      throw new OnnxException(source + ": the ONNX graph has a cycle through the nodes " + cycle);
    }
    return order;
  }

  /** A node as error messages name it: {@code 'name' (Op)}, or its first output without a name. */
  static String describe(NodeProto node) {
    String name = node.getName().isEmpty()
        ? (node.getOutputCount() > 0 ? "-> " + node.getOutput(0) : "?") : node.getName();
    return "'" + name + "' (" + node.getOpType() + ")";
  }
}
