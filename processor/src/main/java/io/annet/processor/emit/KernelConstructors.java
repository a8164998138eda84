package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the kernel constructor call of one layer, exactly as docs/DESIGN.md lists the runtime
 * constructors: {@code new ConvLayer("conv1", new int[] {1, 28, 28}, 32, new Window(...), ...)}.
 */
final class KernelConstructors {
  private KernelConstructors() {}

  /** Whether the kernel draws weights or masks from the network's {@code Initializer}. */
  static boolean needsInitializer(LayerSpec spec) {
    return spec instanceof ConvSpec
        || spec instanceof MlpConvSpec
        || spec instanceof DenseSpec
        || spec instanceof DropoutSpec;
  }

  /** The expression {@code new <Kernel>(name, inputShape, ..., dtype[, init])}. */
  static CodeBlock newKernel(LayerSpec spec, Shape input) {
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("$S", spec.name()));
    args.add(CodeBlock.of("$L", input.toJavaArray()));
    if (spec instanceof ConvSpec c) {
      args.add(CodeBlock.of("$L", c.filters()));
      args.add(window(c.window()));
      args.add(CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, c.activation().name()));
      args.add(CodeBlock.of("$L", c.bias()));
    } else if (spec instanceof MlpConvSpec m) {
      args.add(intArray(m.filters()));
      args.add(window(m.window()));
      args.add(CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, m.activation().name()));
    } else if (spec instanceof MaxPoolSpec p) {
      args.add(window(p.window()));
    } else if (spec instanceof AvgPoolSpec p) {
      args.add(window(p.window()));
    } else if (spec instanceof DenseSpec d) {
      args.add(CodeBlock.of("$L", d.units()));
      args.add(CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, d.activation().name()));
      args.add(CodeBlock.of("$L", d.bias()));
    } else if (spec instanceof DropoutSpec d) {
      args.add(CodeBlock.of("$L", javaDouble(d.rate())));
    } else if (spec instanceof BatchNormSpec b) {
      args.add(CodeBlock.of("$L", javaDouble(b.momentum())));
      args.add(CodeBlock.of("$L", javaDouble(b.epsilon())));
      if (b.activation() != Activation.IDENTITY) {
        args.add(CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, b.activation().name()));
      }
    }
    // GlobalAvgPool, GlobalMaxPool, Flatten and Softmax take (name, inputShape, dtype) only.
    args.add(CodeBlock.of("dtype"));
    if (needsInitializer(spec)) {
      args.add(CodeBlock.of("init"));
    }
    return CodeBlock.of(
        "new $T($L)", RuntimeTypes.kernel(spec), CodeBlock.join(args, ",$W"));
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

  private static CodeBlock intArray(List<Integer> values) {
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
