package io.annet.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.AnnetProcessor;
import io.annet.processor.model.LayerSpec;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The code generated for every layer kind compiles against the real runtime (a test-scope
 * dependency), so a kind whose kernel constructor the emitter writes wrongly fails here rather than
 * only when the examples compile.
 */
class EveryKindCompilesTest {

  /** A chain and a graph that between them use each of the fourteen layer annotations. */
  private static final String CHAIN =
      """
      package kinds;
      import io.annet.dsl.*;
      @Model(input = @Input(channels = 3, height = 16, width = 16), classes = 4)
      interface Chain {
        @Conv(filters = 4, kernel = 3, padding = 1) Layer conv();
        @BatchNorm(activation = Activation.RELU) Layer bn();
        @MlpConv(filters = {4, 4}, kernel = 3, same = true) Layer mlp();
        @DepthwiseConv(multiplier = 2, kernel = 3, same = true) Layer dw();
        @MaxPool(kernel = 2) Layer max();
        @AvgPool(kernel = 2) Layer avg();
        @Flatten Layer flat();
        @Dropout(rate = 0.5) Layer drop();
        @Dense(units = 4, activation = Activation.IDENTITY) Layer dense();
        @Softmax Layer softmax();
      }
      """;

  private static final String GRAPH =
      """
      package kinds;
      import io.annet.dsl.*;
      @Model(input = @Input(channels = 3, height = 8, width = 8), classes = 4)
      interface Graph {
        @Conv(filters = 2, kernel = 1) Layer a();
        @Conv(filters = 2, kernel = 1) Layer b(Layer input);
        @Concat Layer cat(Layer a, Layer b);
        @Conv(filters = 4, kernel = 1) Layer c();
        @Add(activation = Activation.RELU) Layer add(Layer cat, Layer c);
        @GlobalMaxPool Layer gmp();
        @Dense(units = 4, activation = Activation.IDENTITY) Layer head();
      }
      """;

  @Test
  void everyLayerKindCompilesAgainstTheRuntime() {
    Compilation compilation =
        javac()
            .withProcessors(new AnnetProcessor())
            .compile(
                JavaFileObjects.forSourceString("kinds.Chain", CHAIN),
                JavaFileObjects.forSourceString("kinds.Graph", GRAPH));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("kinds.ChainNetwork");
    assertThat(compilation).generatedSourceFile("kinds.GraphNetwork");
  }

  @Test
  void theRuntimeTypesNameEveryKind() {
    TreeSet<String> specs = new TreeSet<>();
    for (Class<?> c : LayerSpec.class.getPermittedSubclasses()) {
      if (c.isRecord()) {
        specs.add(c.getSimpleName().replaceFirst("Spec$", ""));
      }
    }
    assertEquals(specs, new TreeSet<>(RuntimeTypes.KINDS));
    TreeSet<String> visited = new TreeSet<>();
    for (java.lang.reflect.Method m : LayerSpec.Visitor.class.getDeclaredMethods()) {
      visited.add(m.getName().replaceFirst("^visit", ""));
    }
    assertEquals(specs, visited, "one LayerSpec.Visitor method per record");
    assertEquals(14, specs.size(), "one record per layer annotation: " + specs);
    assertEquals(List.of(), missingKernels(specs));
  }

  private static List<String> missingKernels(TreeSet<String> kinds) {
    return kinds.stream()
        .filter(k -> !exists(RuntimeTypes.LAYERS + "." + k + "Layer"))
        .collect(Collectors.toList());
  }

  private static boolean exists(String name) {
    try {
      Class.forName(name, false, EveryKindCompilesTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
