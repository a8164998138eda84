package io.annet.processor.parse;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.annet.processor.BadSources.bad;
import static io.annet.processor.BadSources.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.BadSources;
import io.annet.processor.RecordingProcessor;
import io.annet.processor.AnnetProcessor;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One compile-testing case per diagnostic of graphs (branches, merges, blocks, backbone + head),
 * asserting the tag on the exact line; and blocks read from class files of another compilation.
 */
class GraphDiagnosticsTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "UnknownInput         | [annet.unknown-input]          | Layer b2(Layer branch);",
        "LaterInput           | [annet.unknown-input]          | Layer early(Layer late);",
        "ConcatMismatch       | [annet.concat-mismatch]        | @Concat",
        "AddMismatch          | [annet.add-mismatch]           | @Add(activation",
        "MergeInputs          | [annet.merge-inputs]           | @Concat",
        "BlockCycle           | [annet.block-cycle]            | @Use(value = CycleA.class)",
        "NotBlock             | [annet.not-block]              | @Use(Plain.class)",
        "BlockInputs          | [annet.block-input]            | @Block(input = {",
        "BlockInputMismatch   | [annet.block-input]            | @Use(Fixed.class)",
        "HeadBackboneMismatch | [annet.head-backbone-mismatch] | head = WideHead.class",
        "BackboneHead         | [annet.backbone-head]          | backbone = OnlyBody.class",
        "SamePadding          | [annet.same-padding]           | same = true",
        "TwoInputs            | [annet.method-parameters]      | @Conv(filters = 4, kernel = 1)",
      })
  void errorOnExactLine(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = compile(file);
    assertThat(compilation).failed();
    if (source.equals("TwoInputs")) {
      // two identical annotations: the second method's line
      assertThat(compilation).hadErrorContaining(tag + " b() takes at most one input");
      return;
    }
    assertThat(compilation).hadErrorContaining(tag).inFile(file).onLineContaining(line);
  }

  @Test
  void unknownInputSuggestsTheClosestEarlierName() {
    assertThat(compile(bad("UnknownInput")))
        .hadErrorContaining("b2() names input 'branch', which is not a layer method")
        .inFile(bad("UnknownInput"))
        .onLineContaining("Layer b2(Layer branch);");
    assertThat(compile(bad("UnknownInput"))).hadErrorContaining("Did you mean 'branch1'?");
    assertThat(compile(bad("LaterInput"))).hadErrorContaining("is declared after it");
  }

  @Test
  void independentBranchesReportTheirErrorsInOneCompilationWithoutRepeats() {
    Compilation c = compile(bad("TwoBranchErrors"));
    assertThat(c).hadErrorContaining("[annet.kernel-too-large]")
        .inFile(bad("TwoBranchErrors")).onLineContaining("@Conv(filters = 2, kernel = 11)");
    assertThat(c).hadErrorContaining("[annet.add-mismatch]")
        .inFile(bad("TwoBranchErrors")).onLineContaining("@Add");
    // afterLeft and out are fed by failed nodes: skipped, not reported again
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void mismatchesNameEveryInputShape() {
    assertThat(compile(bad("ConcatMismatch"))).hadErrorContaining("found a [4, 8, 8], b [1, 4, 4]");
    assertThat(compile(bad("AddMismatch")))
        .hadErrorContaining("found conv [8, 4, 4], input [4, 8, 8]");
    assertThat(compile(bad("HeadBackboneMismatch")))
        .hadErrorContaining(
            "head WideHead expects [12, 4, 4] (its @Block input) but backbone NarrowBody yields"
                + " [8, 4, 4]");
    assertThat(compile(bad("BlockCycle")))
        .hadErrorContaining("CycleA -> CycleB -> CycleA");
  }

  @Test
  void unusedBranchIsAWarningAndTheNetworkIsStillGenerated() {
    JavaFileObject file = bad("UnusedOutput");
    RecordingProcessor recorder = new RecordingProcessor();
    Compilation compilation = compile(recorder, file);
    // The processor module has no runtime on its classpath: only Annet's own errors count.
    assertEquals(List.of(), BadSources.annet(compilation, Diagnostic.Kind.ERROR));
    assertThat(compilation)
        .hadWarningContaining("[annet.unused-output] the output of side")
        .inFile(file)
        .onLineContaining("@Conv(filters = 7, kernel = 1)");
    assertEquals(
        List.of("io.annet.bad.UnusedOutputNetwork"),
        recorder.created().stream().map(RecordingProcessor.Created::name).toList());
  }

  private static final String LIBRARY_BLOCK =
      "package lib;\n"
          + "import io.annet.dsl.*;\n"
          + "@Block public interface Body {\n"
          + "  @Conv(filters = 4, kernel = 1) Layer a(Layer input);\n"
          + "  @Conv(filters = 4, kernel = 3, padding = 1) Layer b(Layer input);\n"
          + "  @Concat Layer out(Layer a, Layer b);\n"
          + "}\n";

  private static final String APP_MODEL =
      "package app;\n"
          + "import io.annet.dsl.*;\n"
          + "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 8)\n"
          + "interface App {\n"
          + "  @Use(lib.Body.class)\n"
          + "  Layer body();\n"
          + "  @GlobalAvgPool Layer gap();\n"
          + "}\n";

  /** Compiles the library block into {@code dir} (with or without -parameters). */
  private static List<File> classpathWithLibrary(Path dir, boolean parameters) throws IOException {
    Compilation lib =
        (parameters ? javac().withOptions("-parameters") : javac())
            .compile(JavaFileObjects.forSourceString("lib.Body", LIBRARY_BLOCK));
    assertThat(lib).succeeded();
    for (JavaFileObject f : lib.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        Path out = dir.resolve("lib/Body.class");
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

  @Test
  void blockFromAClassFileWithoutParameterNamesIsReportedAtItsUse(@TempDir Path dir)
      throws IOException {
    JavaFileObject app = JavaFileObjects.forSourceString("app.App", APP_MODEL);
    Compilation compilation =
        javac()
            .withProcessors(new AnnetProcessor())
            .withClasspath(classpathWithLibrary(dir, false))
            .compile(app);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[annet.missing-parameter-names] block lib.Body")
        .inFile(app)
        .onLineContaining("@Use(lib.Body.class)");
    assertThat(compilation).hadErrorContaining("javac -parameters");
  }

  @Test
  void blockFromAClassFileCompiledWithParametersIsInlined(@TempDir Path dir) throws IOException {
    RecordingProcessor recorder = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(recorder)
            .withClasspath(classpathWithLibrary(dir, true))
            .compile(JavaFileObjects.forSourceString("app.App", APP_MODEL));
    assertEquals(List.of(), BadSources.annet(compilation, Diagnostic.Kind.ERROR));
    assertEquals(
        List.of("app.AppNetwork"),
        recorder.created().stream().map(RecordingProcessor.Created::name).toList());
  }

  @Test
  void aShapeErrorInsideABlockFromAClassFileIsReportedAtItsUse(@TempDir Path dir)
      throws IOException {
    // The block's layers are fed a vector: both of its branches fail, inside the class file.
    JavaFileObject app =
        JavaFileObjects.forSourceString(
            "app.Squeezed",
            "package app;\n"
                + "import io.annet.dsl.*;\n"
                + "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 8)\n"
                + "interface Squeezed {\n"
                + "  @GlobalAvgPool Layer squeeze();\n"
                + "  @Use(lib.Body.class)\n"
                + "  Layer body();\n"
                + "  @GlobalAvgPool Layer gap();\n"
                + "}\n");
    Compilation compilation =
        javac()
            .withProcessors(new AnnetProcessor())
            .withClasspath(classpathWithLibrary(dir, true))
            .compile(app);
    assertThat(compilation)
        .hadErrorContaining("[annet.needs-map] body.a")
        .inFile(app)
        .onLineContaining("@Use(lib.Body.class)");
    assertThat(compilation)
        .hadErrorContaining("(in lib.Body.b(), read from a class file)")
        .inFile(app)
        .onLineContaining("@Use(lib.Body.class)");
  }
}
