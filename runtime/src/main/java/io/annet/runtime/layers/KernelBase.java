package io.annet.runtime.layers;

import io.annet.dsl.Layer;
import io.annet.runtime.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shell every kernel shares, written once: its name and kind, per-example input and output
 * shapes, element type, named parameters with their gradients, parameter count and {@code
 * toString}; a kernel class adds its {@code Saved} record, constructor, forward and backward.
 */
abstract class KernelBase implements Layer, OnnxExportable {
  final String name;
  final String kind;
  /** Every input's per-example shape, in order (one for a single-input kernel). */
  final int[][] inputShapes;
  /** The first input's per-example shape. */
  final int[] inputShape;
  final DataType dtype;
  private int[] outputShape;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<Parameter> view = Collections.unmodifiableList(parameters);

  /** A kernel {@code name} of {@code kind} on per-example inputs of {@code inputShape}. */
  KernelBase(String name, String kind, int[] inputShape, DataType dtype) {
    this(name, kind, new int[][] {inputShape.clone()}, dtype);
  }

  /**
   * A kernel of several inputs ({@code inputShapes} copied as it is, null included: the
   * subclass's constructor checks it).
   */
  KernelBase(String name, String kind, int[][] inputShapes, DataType dtype) {
    this.name = name;
    this.kind = kind;
    this.inputShapes = copy(inputShapes);
    this.inputShape = this.inputShapes.length == 0 ? null : this.inputShapes[0];
    this.dtype = dtype;
  }

  /** A deep copy of {@code shapes} (none for null, null entries kept). */
  static int[][] copy(int[][] shapes) {
    if (shapes == null) {
      return new int[0][];
    }
    int[][] copy = new int[shapes.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = shapes[i] == null ? null : shapes[i].clone();
    }
    return copy;
  }

  /** Sets the per-example output shape, once the constructor checked the input. */
  final void outputShape(int... shape) {
    this.outputShape = shape.clone();
  }

  /**
   * Adds the parameter {@code name.suffix} holding {@code value}, with a zero gradient of the same
   * shape when {@code trainable} (else none, as for running statistics); returns the parameter.
   */
  final Parameter parameter(String suffix, INDArray value, boolean trainable) {
    Parameter p = new Parameter(name + "." + suffix, value,
        trainable ? Nd4j.zeros(dtype, value.shape()) : null);
    parameters.add(p);
    return p;
  }

  /** Adds a trainable {@link #parameter} and returns its gradient. */
  final INDArray trainable(String suffix, INDArray value) {
    return parameter(suffix, value, true).gradient();
  }

  /** Adds another layer's parameters (a composite's stages). */
  final void parameters(List<Parameter> more) {
    parameters.addAll(more);
  }

  /** This layer's named tensors, in order; empty when it has none. */
  public List<Parameter> parameters() {
    return view;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** The per-example output shape, not copied (for buffers). */
  final int[] output() {
    return outputShape;
  }

  /** The number of trainable values (running statistics not included). */
  @Override
  public long parameterCount() {
    long total = 0;
    for (Parameter p : parameters) {
      total += p.trainable() ? p.value().length() : 0;
    }
    return total;
  }

  /**
   * By default no ONNX export: a kernel kind without its own {@code exportOnnx} (each built-in one
   * has it) makes an export fail with an {@link io.annet.runtime.onnx.OnnxException} naming it.
   */
  @Override
  public String exportOnnx(io.annet.runtime.onnx.OnnxGraph graph, List<String> inputs) {
    throw new io.annet.runtime.onnx.OnnxException(
        name + ": layers of kind @" + kind + " have no ONNX export yet");
  }

  /**
   * What {@code toString} says after {@code name @Kind}: by default {@code " [in] -> [out]"}.
   */
  String describe() {
    return " " + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape);
  }

  @Override
  public String toString() {
    return name + " @" + kind + describe();
  }
}
