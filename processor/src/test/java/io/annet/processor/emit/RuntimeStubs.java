package io.annet.processor.emit;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Just enough of {@code io.annet.runtime} and ND4J, as source, for javac to compile (not run) the
 * networks generated for chains of {@code @Conv} layers: the processor module must not depend on
 * the runtime, but its tests need javac's verdict on the size of the generated methods.
 */
final class RuntimeStubs {
  private RuntimeStubs() {}

  private static final String CONV_STUB =
      """
      package io.annet.runtime.layers;
      import io.annet.dsl.Activation;
      import io.annet.dsl.Layer;
      import io.annet.dsl.Window;
      import org.nd4j.linalg.api.buffer.DataType;
      import org.nd4j.linalg.api.ndarray.INDArray;
      public final class ConvLayer implements Layer {
        public record Saved(INDArray output) implements Forward {}
        public ConvLayer(String name, int[] inputShape, int filters, Window window,
            Activation activation, boolean bias, DataType dtype,
            io.annet.runtime.Initializer init) {}
        public Saved forward(INDArray input, boolean training) { return new Saved(input); }
        public INDArray backward(Saved saved, INDArray gradOutput) { return gradOutput; }
        public void backwardParameters(Saved saved, INDArray gradOutput) {}
        public String name() { return ""; }
        public String kind() { return "Conv"; }
        public int[] outputShape() { return new int[0]; }
        public long parameterCount() { return 0; }
      }
      """;

  private static final String SOFTMAX_STUB =
      """
      package io.annet.runtime.layers;
      import io.annet.dsl.Layer;
      import org.nd4j.linalg.api.buffer.DataType;
      import org.nd4j.linalg.api.ndarray.INDArray;
      public final class SoftmaxLayer implements Layer {
        public record Saved(INDArray output) implements Forward {}
        public SoftmaxLayer(String name, int[] inputShape, DataType dtype) {}
        public Saved forward(INDArray input, boolean training) { return new Saved(input); }
        public double loss(Saved saved, INDArray labels) { return 0; }
        public INDArray backwardFromLabels(Saved saved, INDArray labels) { return labels; }
        public String name() { return ""; }
        public String kind() { return "Softmax"; }
        public int[] outputShape() { return new int[0]; }
        public long parameterCount() { return 0; }
      }
      """;

  private static final String NETWORK_STUB =
      """
      package io.annet.runtime;
      import io.annet.dsl.Layer;
      import org.nd4j.linalg.api.buffer.DataType;
      import org.nd4j.linalg.api.ndarray.INDArray;
      public abstract class Network {
        protected Network(Architecture architecture, DataType dtype) {}
        protected abstract INDArray forward(INDArray x);
        protected abstract double trainStep(INDArray x, INDArray labels);
        public abstract Network copy();
        protected final void register(Layer... handles) {}
        protected final INDArray checkInput(INDArray x) { return x; }
        protected void copyParametersFrom(Network other) {}
        protected java.util.Map<String, INDArray> restore(java.nio.file.Path path)
            throws java.io.IOException { return null; }
        public DataType dataType() { return DataType.FLOAT; }
      }
      """;

  /** The stub sources. */
  static List<JavaFileObject> sources() {
    return List.of(
        JavaFileObjects.forSourceString("io.annet.runtime.layers.ConvLayer", CONV_STUB),
        JavaFileObjects.forSourceString("io.annet.runtime.layers.SoftmaxLayer", SOFTMAX_STUB),
        JavaFileObjects.forSourceString("io.annet.runtime.Network", NETWORK_STUB),
        JavaFileObjects.forSourceString(
            "io.annet.runtime.layers.Forward",
            "package io.annet.runtime.layers; public interface Forward {"
                + " org.nd4j.linalg.api.ndarray.INDArray output(); }"),
        JavaFileObjects.forSourceString(
            "io.annet.runtime.layers.BlockHandle",
            "package io.annet.runtime.layers; public record BlockHandle(String name, String kind,"
                + " int[] outputShape, java.util.List<io.annet.dsl.Layer> members)"
                + " implements io.annet.dsl.Layer { public long parameterCount() { return 0; } }"),
        JavaFileObjects.forSourceString(
            "io.annet.runtime.Architecture",
            "package io.annet.runtime; public record Architecture(String name, int[] input,"
                + " int classes, String spec, String summary, long parameters, long macs) {}"),
        JavaFileObjects.forSourceString(
            "io.annet.runtime.Initializer",
            "package io.annet.runtime; public final class Initializer {"
                + " public Initializer(long seed) {} }"),
        JavaFileObjects.forSourceString(
            "org.nd4j.linalg.api.ndarray.INDArray",
            "package org.nd4j.linalg.api.ndarray; public interface INDArray {}"),
        JavaFileObjects.forSourceString(
            "org.nd4j.linalg.api.buffer.DataType",
            "package org.nd4j.linalg.api.buffer; public enum DataType { FLOAT, DOUBLE }"));
  }
}
