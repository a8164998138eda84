package io.annet.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.shape.LayerRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the kernel constructor call of one layer, exactly as docs/DESIGN.md lists the runtime
 * constructors: {@code new ConvLayer("conv1", new int[] {1, 28, 28}, 32, new Window(...), ...)}.
 */
final class KernelConstructors {
  private KernelConstructors() {}

  /** Whether the kernel draws weights or masks from the network's {@code Initializer}. */
  static boolean needsInitializer(LayerSpec spec) {
    return spec.drawsFromInitializer();
  }

  /** The expression {@code new <Kernel>(name, inputShape, ..., dtype[, init])}. */
  static CodeBlock newKernel(LayerSpec spec, Shape input) {
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("$S", spec.name()));
    args.add(CodeBlock.of("$L", input.toJavaArray()));
    for (Map.Entry<String, Object> a : spec.attributes()) {
      args.add(literal(a.getValue()));
    }
    args.add(CodeBlock.of("dtype"));
    if (needsInitializer(spec)) {
      args.add(CodeBlock.of("init"));
    }
    return CodeBlock.of(
        "new $T($L)", RuntimeTypes.kernel(spec), CodeBlock.join(args, ",$W"));
  }

  /**
   * A merge's constructor call, which takes the shapes of all its inputs: {@code new
   * AddLayer("sum", new int[][] {{4, 6, 6}, {4, 6, 6}}, Activation.RELU, dtype)}.
   */
  static CodeBlock newMerge(LayerSpec spec, LayerRow row) {
    List<String> shapes = new ArrayList<>();
    for (Shape in : row.inputs()) {
      shapes.add(in.toJavaArray().substring("new int[] ".length()));
    }
    CodeBlock arrays = CodeBlock.of("new int[][] {$L}", String.join(", ", shapes));
    ClassName kernel = RuntimeTypes.kernel(spec);
    if (spec instanceof AddSpec a) {
      return CodeBlock.of(
          "new $T($S,$W$L,$W$T.$L,$Wdtype)",
          kernel,
          spec.name(),
          arrays,
          RuntimeTypes.ACTIVATION,
          a.activation().name());
    }
    return CodeBlock.of("new $T($S,$W$L,$Wdtype)", kernel, spec.name(), arrays);
  }

  /**
   * An attribute as a Java literal: the runtime constructor takes a kind's {@link
   * LayerSpec#attributes()} in their canonical order between the input shape and {@code dtype}.
   */
  private static CodeBlock literal(Object value) {
    if (value instanceof Window w) {
      return window(w);
    } else if (value instanceof Activation a) {
      return CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, a.name());
    } else if (value instanceof Double d) {
      return CodeBlock.of("$L", javaDouble(d));
    } else if (value instanceof List<?> list) {
      return intArray(list);
    } else if (value instanceof Integer || value instanceof Boolean) {
      return CodeBlock.of("$L", value);
    }
    throw new IllegalArgumentException(
        "expected an int, boolean, double, int list, Window or Activation, found " + value);
  }

  /** {@code new Window(3, 3, 1, 1, 1, 1, false)}. */
  static CodeBlock window(Window w) {
    return CodeBlock.of(
        "new $T($L, $L, $L, $L, $L, $L, $L)",
        RuntimeTypes.WINDOW,
        w.kernelHeight(),
        w.kernelWidth(),
        w.strideHeight(),
        w.strideWidth(),
        w.paddingHeight(),
        w.paddingWidth(),
        w.same());
  }

  private static CodeBlock intArray(List<?> values) {
    StringBuilder b = new StringBuilder("new int[] {");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(values.get(i));
    }
    return CodeBlock.of("$L", b.append('}'));
  }

  /** A double as a Java literal that reads back to the same value: {@code 0.5}, {@code 1.0E-5}. */
  static String javaDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("expected a finite double, found " + value);
    }
    return Double.toString(value);
  }
}
