package io.annet.runtime.onnx;

import io.annet.dsl.Layer;
import io.annet.dsl.Window;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.DepthwiseConvLayer;
import io.annet.runtime.layers.MlpConvLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param input the spec layer feeding it (for folded batch norms: the convolution before)
 */
record AnnetSlot(Kind kind, String layer, String spec, Map<String, INDArray> tensors,
    Window window, int[] inputShape, int group, double epsilon, String input) {
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
    for (Topology.Node node : topology.nodes()) {
      Layer layer = LayerIndex.require(layers, node.name(), model);
      String input = node.inputs().get(0);
      if (layer instanceof ConvLayer conv) {
        slots.add(conv(conv, node.name(), 1, input));
      } else if (layer instanceof DepthwiseConvLayer dw) {
        slots.add(new AnnetSlot(Kind.CONV, dw.name(), node.name(), affine(dw.weight(), dw.bias()),
            dw.window(), dw.inputShape(), dw.inputShape()[0], 0, input));
      } else if (layer instanceof MlpConvLayer mlp) {
        String from = input;
        for (ConvLayer stage : mlp.stages()) {
          slots.add(conv(stage, node.name(), 1, from));
          from = stage.name();
        }
      } else if (layer instanceof DenseLayer dense) {
        slots.add(new AnnetSlot(Kind.GEMM, dense.name(), node.name(),
            affine(dense.weight(), dense.bias()), null, null, 1, 0, input));
      } else if (layer instanceof BatchNormLayer bn) {
        slots.add(new AnnetSlot(Kind.BATCH_NORM, bn.name(), node.name(),
            norm(bn), null, null, 1, bn.epsilon(), input));
      }
    }
    return slots;
  }

  private static AnnetSlot conv(ConvLayer conv, String spec, int group, String input) {
    return new AnnetSlot(Kind.CONV, conv.name(), spec, affine(conv.weight(), conv.bias()),
        conv.window(), conv.inputShape(), group, 0, input);
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
