package io.annet.runtime.onnx;

import com.google.protobuf.ByteString;
import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.onnx.proto.OnnxProto.AttributeProto;
import io.annet.runtime.onnx.proto.OnnxProto.GraphProto;
import io.annet.runtime.onnx.proto.OnnxProto.NodeProto;
import io.annet.runtime.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference graph an export is writing, as each kernel's export hook sees it: add a node or an
 * initializer (a float32 copy of a weight), get back the name of the tensor it produces. Tensor
 * and node names are unique: a second use of a name is a programming error.
 */
public final class OnnxGraph {
  private final GraphProto.Builder graph;
  private final Set<String> names = new HashSet<>();

  OnnxGraph(GraphProto.Builder graph) {
    this.graph = graph;
  }

  /** An attribute of a node: a name and an integer, float or integer-list value. */
  public record Attribute(String name, AttributeProto proto) {
    /** An {@code INT} attribute. */
    public static Attribute integer(String name, long value) {
      return new Attribute(name, AttributeProto.newBuilder().setName(name)
          .setType(AttributeProto.AttributeType.INT).setI(value).build());
    }

    /** A {@code FLOAT} attribute. */
    public static Attribute real(String name, float value) {
      return new Attribute(name, AttributeProto.newBuilder().setName(name)
          .setType(AttributeProto.AttributeType.FLOAT).setF(value).build());
    }

    /** An {@code INTS} attribute. */
    public static Attribute ints(String name, long... values) {
      AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
          .setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        b.addInts(v);
      }
      return new Attribute(name, b.build());
    }
  }

  /**
   * Adds the node {@code name} of {@code op} on {@code inputs}; its one output tensor is also
   * called {@code name}, which this returns.
   */
  public String node(String op, String name, List<String> inputs, Attribute... attributes) {
    claim(name);
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name);
    node.addAllInput(inputs);
    for (Attribute a : attributes) {
      node.addAttribute(a.proto());
    }
    graph.addNode(node);
    return name;
  }

  /** Adds {@code value} (any precision, written as float32, c-order) as the initializer {@code name}. */
  public String initializer(String name, INDArray value) {
    claim(name);
    INDArray data = value.dataType() == DataType.FLOAT ? value : value.castTo(DataType.FLOAT);
    float[] floats = data.dup('c').data().asFloat();
    ByteBuffer bytes = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(floats);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : value.shape()) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /**
   * Adds {@code activation} on {@code input} as its own node {@code name} ({@code Relu}, {@code
   * LeakyRelu} with alpha 0.01, {@code Tanh}, {@code Sigmoid}); IDENTITY adds nothing and returns
   * {@code input}.
   */
  public String activation(Activation activation, String name, String input) {
    return switch (activation) {
      case IDENTITY -> input;
      case RELU -> node("Relu", name, List.of(input));
      case LEAKY_RELU -> node("LeakyRelu", name, List.of(input),
          Attribute.real("alpha", (float) Activation.LEAKY_SLOPE));
      case TANH -> node("Tanh", name, List.of(input));
      case SIGMOID -> node("Sigmoid", name, List.of(input));
    };
  }

  /**
   * ONNX {@code pads} {@code [top, left, bottom, right]} of {@code window} on an {@code h x w}
   * input: the explicit padding on both sides, or SAME's total split with the odd row/column
   * below/right, as the kernels compute it.
   */
  public static long[] pads(Window window, int h, int w) {
    if (!window.same()) {
      return new long[] {window.paddingHeight(), window.paddingWidth(), window.paddingHeight(),
          window.paddingWidth()};
    }
    int th = Window.samePaddingTotal(h, window.kernelHeight(), window.strideHeight());
    int tw = Window.samePaddingTotal(w, window.kernelWidth(), window.strideWidth());
    return new long[] {th / 2, tw / 2, th - th / 2, tw - tw / 2};
  }

  /** {@code [N, d1, d2, ...]} to {@code [N, d1 * d2 * ...]}, c-order, as the node {@code name}. */
  public String flatten(String name, String input) {
    return node("Flatten", name, List.of(input), Attribute.integer("axis", 1));
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new OnnxException("cannot export: two ONNX tensors would be named " + name
          + " (a layer's name equals another's with a suffix such as .relu or .weight)");
    }
  }
}
