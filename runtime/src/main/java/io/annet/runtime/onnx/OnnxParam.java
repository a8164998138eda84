package io.annet.runtime.onnx;

import io.annet.runtime.onnx.proto.OnnxProto.AttributeProto;
import io.annet.runtime.onnx.proto.OnnxProto.NodeProto;
import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameterised ONNX node, as an import matches it: a {@code Conv}, {@code Gemm}, {@code
 * MatMul} by a constant, or {@code BatchNormalization}, with its constant tensors by role.
 *
 * @param node the node
 * @param kind the Annet computation it corresponds to
 * @param tensors its weights by role: weight and bias, or gamma, beta, mean and var
 * @param upstream what feeds its data input: the nearest parameterised nodes (their {@link
 *     #id}s, or {@link Topology#INPUT}) through the weightless nodes between (see {@link Wire})
 */
record OnnxParam(NodeProto node, AnnetSlot.Kind kind, Map<String, TensorProto> tensors,
    Wire upstream) {
  private static final List<String> AFFINE = List.of("weight", "bias");
  private static final List<String> NORM = List.of("gamma", "beta", "mean", "var");
  /** The weightless ONNX operators that change values, by the Annet kind they correspond to. */
  private static final Map<String, String> WEIGHTLESS = Map.of("MaxPool", "MaxPool",
      "AveragePool", "AvgPool", "GlobalAveragePool", "GlobalAvgPool", "GlobalMaxPool",
      "GlobalMaxPool", "Concat", "Concat", "Add", "Add", "Sum", "Add");

  /**
   * The parameterised nodes of {@code model}, in its topological order, each with what feeds it:
   * one pass over the sorted nodes, each tensor carrying the nearest parameterised nodes before it.
   */
  static List<OnnxParam> of(OnnxModelReader model) {
    List<OnnxParam> params = new ArrayList<>();
    Map<String, Wire> carries = new HashMap<>();
    for (var input : model.model().getGraph().getInputList()) {
      if (!model.constants().containsKey(input.getName())) {
        carries.put(input.getName(), Wire.INPUT);
      }
    }
    for (NodeProto node : model.nodes()) {
      List<Wire> in = new ArrayList<>();
      for (String name : node.getInputList()) {
        in.add(carries.getOrDefault(name, Wire.leaf("constant")));
      }
      Wire data = in.isEmpty() ? Wire.leaf("constant") : in.get(0);
      OnnxParam param = switch (node.getOpType()) {
        case "Conv" -> of(node, AnnetSlot.Kind.CONV, AFFINE, model, data);
        case "Gemm" -> of(node, AnnetSlot.Kind.GEMM, AFFINE, model, data);
        case "BatchNormalization" -> of(node, AnnetSlot.Kind.BATCH_NORM, NORM, model, data);
        case "MatMul" -> node.getInputCount() == 2
            && model.constants().containsKey(node.getInput(1))
            ? of(node, AnnetSlot.Kind.GEMM, List.of("weight"), model, data) : null;
        default -> null;
      };
      if (param != null) {
        params.add(param);
      }
      String op = WEIGHTLESS.get(node.getOpType());
      Wire out = param != null ? Wire.leaf(param.id())
          : op != null ? Wire.of(op, in)
          : node.getOpType().equals("Shape") ? Wire.leaf("shape") : data;
      node.getOutputList().forEach(o -> carries.put(o, out));
    }
    return params;
  }

  private static OnnxParam of(NodeProto node, AnnetSlot.Kind kind, List<String> roles,
      OnnxModelReader model, Wire upstream) {
    Map<String, TensorProto> tensors = new LinkedHashMap<>();
    for (int r = 0; r < roles.size(); r++) {
      int input = r + 1;
      if (input >= node.getInputCount() || node.getInput(input).isEmpty()) {
        continue; // an omitted optional bias
      }
      TensorProto t = model.constants().get(node.getInput(input));
      if (t == null) {
        throw new OnnxException("ONNX node " + OnnxModelReader.describe(node) + " takes its "
            + roles.get(r) + " from the computed tensor " + node.getInput(input)
            + "; Annet imports weights stored as initializers or constants");
      }
      tensors.put(roles.get(r), t);
    }
    if (!tensors.containsKey(roles.get(0))) {
      throw new OnnxException("ONNX node " + OnnxModelReader.describe(node) + " has no "
          + roles.get(0));
    }
    return new OnnxParam(node, kind, tensors, upstream);
  }

  /** The node's identity in the graph: its first output, unique in a valid ONNX graph. */
  String id() {
    return node.getOutput(0);
  }

  /** The integer-list attribute {@code name}, or {@code fallback} when absent. */
  long[] ints(String name, long... fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    return fallback;
  }

  /** The integer attribute {@code name}, or {@code fallback}. */
  long integer(String name, long fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  /** The float attribute {@code name}, or {@code fallback}. */
  double real(String name, double fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getF();
      }
    }
    return fallback;
  }

  /** The string attribute {@code name}, or {@code fallback}. */
  String string(String name, String fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return fallback;
  }

  /** The node and its weights as messages name them: {@code 'Conv_0' (Conv, W [16, 1, 3, 3])}. */
  String describe() {
    StringBuilder b = new StringBuilder(OnnxModelReader.describe(node));
    b.setLength(b.length() - 1);
    tensors.forEach((role, t) -> b.append(", ").append(t.getName()).append(' ')
        .append(Arrays.toString(OnnxTensors.shape(t))));
    return b.append(')').toString();
  }
}
