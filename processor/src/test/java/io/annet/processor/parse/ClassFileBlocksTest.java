package io.annet.processor.parse;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.AnnetProcessor;
import io.annet.processor.BadSources;
import io.annet.processor.QuietEclipseCompiler;
import io.annet.processor.RecordingProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks in jars: a block compiled with Annet's processor carries its input names in the
 * generated {@code <Block>_AnnetInputs}, so a model using it from a class file compiles with javac
 * without {@code -parameters}, and with Eclipse's compiler, which never reads parameter names.
 */
class ClassFileBlocksTest {

  static final String LIBRARY_BLOCK =
      "package lib;\n"
          + "import io.annet.dsl.*;\n"
          + "@Block public interface Body {\n"
          + "  @Conv(filters = 4, kernel = 1) Layer a(Layer input);\n"
          + "  @Conv(filters = 4, kernel = 3, padding = 1) Layer b(Layer input);\n"
          + "  @Concat Layer out(Layer a, Layer b);\n"
          + "}\n";

  static final String APP_MODEL =
      "package app;\n"
          + "import io.annet.dsl.*;\n"
          + "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 8)\n"
          + "interface App {\n"
          + "  @Use(lib.Body.class)\n"
          + "  Layer body();\n"
          + "  @GlobalAvgPool Layer gap();\n"
          + "}\n";

  /**
   * Compiles the block with javac (no {@code -parameters}), with or without the processor, and
   * returns a class path of its class files followed by the test's own.
   */
  static List<File> library(Path dir, boolean withProcessor) throws IOException {
    Compiler compiler = withProcessor ? javac().withProcessors(new AnnetProcessor()) : javac();
    Compilation lib = compiler.compile(JavaFileObjects.forSourceString("lib.Body", LIBRARY_BLOCK));
    assertThat(lib).succeeded();
    for (JavaFileObject f : lib.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        Path out = dir.resolve(path.substring(path.indexOf("/lib/") + 1));
        Files.createDirectories(out.getParent());
        try (InputStream in = f.openInputStream()) {
          Files.copy(in, out);
        }
      }
    }
    List<File> classpath = new ArrayList<>();
    classpath.add(dir.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return classpath;
  }

  /** {@code text} as a file under {@code dir}: ECJ compiles only sources that are files. */
  static JavaFileObject sourceFile(Path dir, String relative, String text) throws IOException {
    Path file = dir.resolve("src").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return JavaFileObjects.forResource(file.toUri().toURL());
  }

  @Test
  void theProcessorWritesTheBlocksInputNamesIntoACompanion(@TempDir Path dir) throws IOException {
    library(dir, true);
    assertEquals(true, Files.exists(dir.resolve("lib/Body_AnnetInputs.class")));
    assertEquals(false, Files.exists(dir.resolve("lib/BodyNetwork.class")));
  }

  @Test
  void javacWithoutParametersReadsTheNamesFromTheCompanion(@TempDir Path dir) throws IOException {
    RecordingProcessor recorder = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(recorder)
            .withClasspath(library(dir, true))
            .compile(JavaFileObjects.forSourceString("app.App", APP_MODEL));
    assertEquals(List.of(), BadSources.annet(compilation, Diagnostic.Kind.ERROR));
    assertEquals(
        List.of("app.AppNetwork"),
        recorder.created().stream().map(RecordingProcessor.Created::name).toList());
  }

  @Test
  void eclipseReadsTheNamesFromTheCompanion(@TempDir Path dir) throws IOException {
    RecordingProcessor recorder = new RecordingProcessor();
    Compilation compilation =
        Compiler.compiler(new QuietEclipseCompiler())
            .withOptions("-17")
            .withProcessors(recorder)
            .withClasspath(library(dir.resolve("lib"), true))
            .compile(sourceFile(dir, "app/App.java", APP_MODEL));
    // ECJ then fails on the generated network only because io.annet.runtime is absent here.
    assertEquals(List.of(), BadSources.annet(compilation, Diagnostic.Kind.ERROR));
    assertEquals(
        List.of("app.AppNetwork"),
        recorder.created().stream().map(RecordingProcessor.Created::name).toList());
  }

  @Test
  void aWarningTheBlockSuppressesStaysSilentWhenItComesFromAClassFile(@TempDir Path dir)
      throws IOException {
    String block =
        "package lib;\n"
            + "import io.annet.dsl.*;\n"
            + "@Block %s public interface Down {\n"
            + "  @Conv(filters = 4, kernel = 1, stride = 2) Layer project(Layer input);\n"
            + "}\n";
    String model =
        "package app;\n"
            + "import io.annet.dsl.*;\n"
            + "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)\n"
            + "interface Uses {\n"
            + "  @Use(lib.Down.class)\n"
            + "  Layer down();\n"
            + "  @GlobalAvgPool Layer gap();\n"
            + "}\n";
    for (String suppress : new String[] {"", "@Suppress(\"stride-drops-input\")"}) {
      Path lib = dir.resolve(suppress.isEmpty() ? "plain" : "suppressed");
      Compilation compiled =
          javac()
              .withProcessors(new AnnetProcessor())
              .compile(
                  JavaFileObjects.forSourceString("lib.Down", String.format(block, suppress)));
      for (JavaFileObject f : compiled.generatedFiles()) {
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          String path = f.toUri().getPath();
          Path out = lib.resolve(path.substring(path.indexOf("/lib/") + 1));
          Files.createDirectories(out.getParent());
          try (InputStream in = f.openInputStream()) {
            Files.copy(in, out);
          }
        }
      }
      List<File> classpath = new ArrayList<>(List.of(lib.toFile()));
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        classpath.add(new File(entry));
      }
      Compilation app =
          javac()
              .withProcessors(new AnnetProcessor())
              .withClasspath(classpath)
              .compile(JavaFileObjects.forSourceString("app.Uses", model));
      assertEquals(
          suppress.isEmpty() ? 1 : 0,
          BadSources.annet(app, Diagnostic.Kind.WARNING).stream()
              .filter(m -> m.contains("[annet.stride-drops-input]"))
              .count(),
          app.diagnostics().toString());
    }
  }

  @Test
  void withoutTheCompanionEclipseStillReportsTheMissingNamesAtTheUse(@TempDir Path dir)
      throws IOException {
    JavaFileObject app = sourceFile(dir, "app/App.java", APP_MODEL);
    Compilation compilation =
        Compiler.compiler(new QuietEclipseCompiler())
            .withOptions("-17")
            .withProcessors(new AnnetProcessor())
            .withClasspath(library(dir.resolve("lib"), false))
            .compile(app);
    assertThat(compilation)
        .hadErrorContaining("[annet.missing-parameter-names] block lib.Body")
        .inFile(app)
        .onLineContaining("@Use(lib.Body.class)");
  }
}
