package io.annet.runtime.onnx;

import io.annet.runtime.onnx.proto.OnnxProto.AttributeProto;
import io.annet.runtime.onnx.proto.OnnxProto.NodeProto;
import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import java.util.ArrayList;
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
 */
record OnnxParam(NodeProto node, AnnetSlot.Kind kind, Map<String, TensorProto> tensors) {
  private static final List<String> AFFINE = List.of("weight", "bias");
  private static final List<String> NORM = List.of("gamma", "beta", "mean", "var");

  /** The parameterised nodes of {@code model}, in its topological order. */
  static List<OnnxParam> of(OnnxModelReader model) {
    List<OnnxParam> params = new ArrayList<>();
    for (NodeProto node : model.nodes()) {
      switch (node.getOpType()) {
        case "Conv" -> params.add(of(node, AnnetSlot.Kind.CONV, AFFINE, model));
        case "Gemm" -> params.add(of(node, AnnetSlot.Kind.GEMM, AFFINE, model));
        case "BatchNormalization" -> params.add(of(node, AnnetSlot.Kind.BATCH_NORM, NORM, model));
        case "MatMul" -> {
          if (node.getInputCount() == 2 && model.constants().containsKey(node.getInput(1))) {
            params.add(of(node, AnnetSlot.Kind.GEMM, List.of("weight"), model));
          }
        }
        default -> { }
      }
    }
    return params;
  }

  private static OnnxParam of(NodeProto node, AnnetSlot.Kind kind, List<String> roles,
      OnnxModelReader model) {
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
    return new OnnxParam(node, kind, tensors);
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
