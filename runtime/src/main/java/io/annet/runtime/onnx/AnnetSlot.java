package io.annet.runtime.onnx;

import io.annet.dsl.Layer;
import io.annet.dsl.Window;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.DepthwiseConvLayer;
import io.annet.runtime.layers.MlpConvLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One parameterised computation of an Annet network, as an import fills it: a convolution (an
 * mlpconv block gives one per stage), a dense layer or a batch norm, with its live tensors.
 *
 * @param kind what it computes
 * @param layer the Annet layer's full name (an mlpconv stage: {@code block.0})
 * @param spec the spec layer it belongs to (for {@code upTo})
 * @param tensors its live tensors by suffix: weight, bias (absent without one) or gamma, beta,
 *     mean, var
 * @param window a convolution's window, else null
 * @param inputShape a convolution's per-example input {@code [C, H, W]}, else null
 * @param group a convolution's group count (the channels of a depthwise one), else 1
 * @param epsilon a batch norm's epsilon, else 0
 * @param upstream what feeds it: the nearest parameterised computations (their {@link #layer}
 *     names, or {@link Topology#INPUT}) through the weightless layers between (see {@link Wire})
 */
record AnnetSlot(Kind kind, String layer, String spec, Map<String, INDArray> tensors,
    Window window, int[] inputShape, int group, double epsilon, Wire upstream) {
  /** The three parameterised computations. */
  enum Kind {
    CONV("Conv"), GEMM("Gemm"), BATCH_NORM("BatchNormalization");

    final String op;

    Kind(String op) {
      this.op = op;
    }
  }

  /** The slots of {@code network}'s layers in spec (topological) order. */
  static List<AnnetSlot> of(Topology topology, Map<String, Layer> layers, String model) {
    List<AnnetSlot> slots = new ArrayList<>();
    // what each spec layer's output carries (see Wire)
    Map<String, Wire> carries = new HashMap<>();
    carries.put(Topology.INPUT, Wire.INPUT);
    for (Topology.Node node : topology.nodes()) {
      Layer layer = LayerIndex.require(layers, node.name(), model);
      List<Wire> in = node.inputs().stream()
          .map(i -> carries.getOrDefault(i, Wire.INPUT)).toList();
      Wire from = in.get(0);
      int before = slots.size();
      if (layer instanceof ConvLayer conv) {
        slots.add(conv(conv, node.name(), from));
      } else if (layer instanceof DepthwiseConvLayer dw) {
        slots.add(new AnnetSlot(Kind.CONV, dw.name(), node.name(), affine(dw.weight(), dw.bias()),
            dw.window(), dw.inputShape(), dw.inputShape()[0], 0, from));
      } else if (layer instanceof MlpConvLayer mlp) {
        for (ConvLayer stage : mlp.stages()) {
          slots.add(conv(stage, node.name(), from));
          from = Wire.leaf(stage.name());
        }
      } else if (layer instanceof DenseLayer dense) {
        slots.add(new AnnetSlot(Kind.GEMM, dense.name(), node.name(),
            affine(dense.weight(), dense.bias()), null, null, 1, 0, from));
      } else if (layer instanceof BatchNormLayer bn) {
        slots.add(new AnnetSlot(Kind.BATCH_NORM, bn.name(), node.name(),
            norm(bn), null, null, 1, bn.epsilon(), from));
      }
      carries.put(node.name(), slots.size() > before
          ? Wire.leaf(slots.get(slots.size() - 1).layer())
          : WEIGHTLESS.contains(node.kind()) ? Wire.of(node.kind(), in) : in.get(0));
    }
    return slots;
  }

  /** The weightless kinds that change values (the rest pass their input through, see Wire). */
  static final Set<String> WEIGHTLESS =
      Set.of("MaxPool", "AvgPool", "GlobalAvgPool", "GlobalMaxPool", "Concat", "Add");

  private static AnnetSlot conv(ConvLayer conv, String spec, Wire upstream) {
    return new AnnetSlot(Kind.CONV, conv.name(), spec, affine(conv.weight(), conv.bias()),
        conv.window(), conv.inputShape(), 1, 0, upstream);
  }

  private static Map<String, INDArray> affine(INDArray weight, INDArray bias) {
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    tensors.put("weight", weight);
    if (bias != null) {
      tensors.put("bias", bias);
    }
    return tensors;
  }

  private static Map<String, INDArray> norm(BatchNormLayer bn) {
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    tensors.put("gamma", bn.gamma());
    tensors.put("beta", bn.beta());
    tensors.put("mean", bn.runningMean());
    tensors.put("var", bn.runningVariance());
    return tensors;
  }

  /** The Annet parameter name of tensor {@code suffix}, as checkpoints and name maps use it. */
  String parameter(String suffix) {
    return layer + "." + suffix;
  }

  /** The layer as messages name it: {@code conv2 (@Conv)}. */
  String describe() {
    return layer + " (" + kind.op + ")";
  }
}
