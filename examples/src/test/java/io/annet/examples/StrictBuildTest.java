package io.annet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.processor.AnnetProcessor;
import io.annet.processor.LocalModelProcessor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project built with {@code javac -Xlint:all -Werror}: a model using a {@code @Block} compiles,
 * generated network included, with no warning at all (every {@code io.annet.dsl} annotation is
 * claimed by the processor, and Annet's warnings are suppressed by their tags where meant).
 */
class StrictBuildTest {

  private static final String BLOCK =
      """
      package strict;
      import static io.annet.dsl.Activation.IDENTITY;
      import static io.annet.dsl.Activation.RELU;
      import io.annet.dsl.*;
      /** The README's ResNet block: its stride-2 1x1 projection skips a row by design. */
      @Block
      %s
      public interface Down {
        @Conv(filters = 8, kernel = 3, stride = 2, padding = 1, activation = IDENTITY)
        Layer conv1(Layer input);
        @BatchNorm(activation = RELU) Layer bn1();
        @Conv(filters = 8, kernel = 1, stride = 2, activation = IDENTITY)
        Layer project(Layer input);
        @Add(activation = RELU) Layer sum(Layer bn1, Layer project);
      }
      """;

  private static final String MODEL =
      """
      package strict;
      import io.annet.dsl.*;
      /** A small residual model. */
      @Model(input = @Input(channels = 1, height = 8, width = 8), classes = 3)
      public interface Strict {
        @Use(Down.class) Layer down();
        @GlobalAvgPool Layer gap();
        @Dense(units = 3, activation = Activation.IDENTITY) Layer logits();
        @Softmax Layer probs();
      }
      """;

  private static List<Diagnostic<? extends JavaFileObject>> compile(Path dir, String suppress)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<File> classpath = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        classpath.add(new File(entry));
      }
      files.setLocation(StandardLocation.CLASS_PATH, classpath);
      Path out = Files.createDirectories(dir.resolve("classes"));
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
      files.setLocation(
          StandardLocation.SOURCE_OUTPUT,
          List.of(Files.createDirectories(dir.resolve("generated")).toFile()));
      Path src = Files.createDirectories(dir.resolve("src/strict"));
      Files.writeString(src.resolve("Down.java"), String.format(BLOCK, suppress));
      Files.writeString(src.resolve("Strict.java"), MODEL);
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostics,
              List.of("-Xlint:all", "-Werror"),
              null,
              files.getJavaFileObjects(src.resolve("Down.java"), src.resolve("Strict.java")));
      // both of Annet's processors, as ServiceLoader finds them; the '*' scanner first, so that a
      // claim it must not make would show
      task.setProcessors(List.of(new LocalModelProcessor(), new AnnetProcessor()));
      task.call();
      assertEquals(
          diagnostics.getDiagnostics().isEmpty(),
          Files.exists(out.resolve("strict/StrictNetwork.class")),
          diagnostics.getDiagnostics().toString());
    }
    return diagnostics.getDiagnostics();
  }

  @Test
  void aModelWithABlockCompilesWithoutAnyWarning(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), compile(dir, "@Suppress(\"stride-drops-input\")"));
  }

  @Test
  void theStandardSuppressionWorksToo(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), compile(dir, "@SuppressWarnings(\"annet.stride-drops-input\")"));
  }

  @Test
  void anUnsuppressedAnnetWarningFailsTheStrictBuild(@TempDir Path dir) throws IOException {
    List<Diagnostic<? extends JavaFileObject>> diagnostics = compile(dir, "");
    String all = diagnostics.toString();
    assertTrue(all.contains("[annet.stride-drops-input]"), all);
    assertFalse(all.contains("No processor claimed"), all);
  }
}
