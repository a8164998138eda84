package io.annet.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConcatSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.LayerSpecVisitor;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.LayerRow;
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
    return spec.accept(
        new LayerSpecVisitor<Boolean>() {
          @Override
          public Boolean visitConv(ConvSpec s) {
            return true;
          }

          @Override
          public Boolean visitMlpConv(MlpConvSpec s) {
            return true;
          }

          @Override
          public Boolean visitMaxPool(MaxPoolSpec s) {
            return false;
          }

          @Override
          public Boolean visitAvgPool(AvgPoolSpec s) {
            return false;
          }

          @Override
          public Boolean visitGlobalAvgPool(GlobalAvgPoolSpec s) {
            return false;
          }

          @Override
          public Boolean visitGlobalMaxPool(GlobalMaxPoolSpec s) {
            return false;
          }

          @Override
          public Boolean visitFlatten(FlattenSpec s) {
            return false;
          }

          @Override
          public Boolean visitDense(DenseSpec s) {
            return true;
          }

          @Override
          public Boolean visitDropout(DropoutSpec s) {
            return true;
          }

          @Override
          public Boolean visitBatchNorm(BatchNormSpec s) {
            return false;
          }

          @Override
          public Boolean visitSoftmax(SoftmaxSpec s) {
            return false;
          }

          @Override
          public Boolean visitConcat(ConcatSpec s) {
            return false;
          }

          @Override
          public Boolean visitAdd(AddSpec s) {
            return false;
          }

          @Override
          public Boolean visitDepthwiseConv(DepthwiseConvSpec s) {
            return true;
          }
        });
  }

  /** The expression {@code new <Kernel>(name, inputShape, ..., dtype[, init])}. */
  static CodeBlock newKernel(LayerSpec spec, Shape input) {
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("$S", spec.name()));
    args.add(CodeBlock.of("$L", input.toJavaArray()));
    args.addAll(spec.accept(new KindArguments()));
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

  /** The arguments between the input shape and {@code dtype}: each kind's annotation values. */
  private static final class KindArguments implements LayerSpecVisitor<List<CodeBlock>> {
    @Override
    public List<CodeBlock> visitConv(ConvSpec c) {
      return List.of(
          CodeBlock.of("$L", c.filters()),
          window(c.window()),
          activation(c.activation()),
          CodeBlock.of("$L", c.bias()));
    }

    @Override
    public List<CodeBlock> visitMlpConv(MlpConvSpec m) {
      return List.of(intArray(m.filters()), window(m.window()), activation(m.activation()));
    }

    @Override
    public List<CodeBlock> visitMaxPool(MaxPoolSpec p) {
      return List.of(window(p.window()));
    }

    @Override
    public List<CodeBlock> visitAvgPool(AvgPoolSpec p) {
      return List.of(window(p.window()));
    }

    @Override
    public List<CodeBlock> visitGlobalAvgPool(GlobalAvgPoolSpec s) {
      return List.of();
    }

    @Override
    public List<CodeBlock> visitGlobalMaxPool(GlobalMaxPoolSpec s) {
      return List.of();
    }

    @Override
    public List<CodeBlock> visitFlatten(FlattenSpec s) {
      return List.of();
    }

    @Override
    public List<CodeBlock> visitDense(DenseSpec d) {
      return List.of(
          CodeBlock.of("$L", d.units()), activation(d.activation()), CodeBlock.of("$L", d.bias()));
    }

    @Override
    public List<CodeBlock> visitDropout(DropoutSpec d) {
      return List.of(CodeBlock.of("$L", javaDouble(d.rate())));
    }

    @Override
    public List<CodeBlock> visitBatchNorm(BatchNormSpec b) {
      List<CodeBlock> args = new ArrayList<>();
      args.add(CodeBlock.of("$L", javaDouble(b.momentum())));
      args.add(CodeBlock.of("$L", javaDouble(b.epsilon())));
      if (b.activation() != Activation.IDENTITY) {
        args.add(activation(b.activation()));
      }
      return args;
    }

    @Override
    public List<CodeBlock> visitSoftmax(SoftmaxSpec s) {
      return List.of();
    }

    @Override
    public List<CodeBlock> visitConcat(ConcatSpec s) {
      return List.of();
    }

    @Override
    public List<CodeBlock> visitAdd(AddSpec s) {
      return List.of();
    }

    @Override
    public List<CodeBlock> visitDepthwiseConv(DepthwiseConvSpec d) {
      return List.of(
          CodeBlock.of("$L", d.multiplier()),
          window(d.window()),
          activation(d.activation()),
          CodeBlock.of("$L", d.bias()));
    }

    private static CodeBlock activation(Activation a) {
      return CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, a.name());
    }
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
