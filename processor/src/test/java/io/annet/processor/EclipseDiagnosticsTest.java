package io.annet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.bad;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnostics tests again under Eclipse's compiler (ECJ 3.40, as in Eclipse and in MapStruct's
 * test suite): each bad source reports its tag on the same line as under javac. ECJ also compiles
 * the uses of {@code @Suppress} without its "Unsupported @SuppressWarnings" complaint.
 */
class EclipseDiagnosticsTest {

  /** Compiles {@code source} with ECJ and the processor. */
  static Compilation ecj(JavaFileObject source, String... options) {
    String[] all = new String[options.length + 1];
    all[0] = "-17";
    System.arraycopy(options, 0, all, 1, options.length);
    return Compiler.compiler(new QuietEclipseCompiler())
        .withOptions((Object[]) all)
        .withProcessors(new AnnetProcessor())
        .compile(source);
  }

  /**
   * Every error case of the javac diagnostics tests, read from their own {@code @CsvSource}s so
   * that a case added there runs here too, less the one documented difference below.
   */
  static Stream<Arguments> javacErrorCases() {
    return cases("errorOnExactLine", "io.annet.processor.diag.ShapeDiagnosticsTest",
            "io.annet.processor.parse.MisuseDiagnosticsTest",
            "io.annet.processor.parse.GraphDiagnosticsTest",
            "io.annet.processor.parse.RoundTwoDiagnosticsTest")
        .filter(row -> !row.get()[0].equals("InputNonPositive"));
  }

  /** Every warning case of the javac diagnostics tests. */
  static Stream<Arguments> javacWarningCases() {
    return cases("warningOnExactLineAndNoAnnetError",
        "io.annet.processor.diag.ShapeDiagnosticsTest");
  }

  /** The rows (source, tag, line) of the {@code @CsvSource} on {@code method} of each test class. */
  private static Stream<Arguments> cases(String method, String... testClasses) {
    return Stream.of(testClasses).flatMap(name -> {
      try {
        Method m = Class.forName(name)
            .getDeclaredMethod(method, String.class, String.class, String.class);
        CsvSource csv = m.getAnnotation(CsvSource.class);
        return Stream.of(csv.value()).map(row -> {
          String[] cells = row.split("\\|", -1);
          return Arguments.of(cells[0].strip(), cells[1].strip(), cells[2].strip());
        });
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("the javac test " + name + "." + method + " moved", e);
      }
    });
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("javacErrorCases")
  void errorOnTheSameLineAsUnderJavac(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = ecj(file);
    assertThat(compilation).failed();
    if (source.equals("TwoInputs")) {
      // two identical annotations: the second method's line (as GraphDiagnosticsTest asserts)
      assertThat(compilation).hadErrorContaining(tag + " b() takes at most one input");
      return;
    }
    assertThat(compilation).hadErrorContaining(tag).inFile(file).onLineContaining(line);
  }

  /**
   * The one difference: ECJ cannot point at a value of an annotation nested in another ({@code
   * channels = 0} inside {@code @Model(input = @Input(...))}) and puts the error on the outer
   * annotation instead; javac underlines the value (see ShapeDiagnosticsTest).
   */
  @Test
  void aNestedAnnotationValueIsReportedOnTheOuterAnnotation() {
    JavaFileObject file = bad("InputNonPositive");
    assertThat(ecj(file))
        .hadErrorContaining("[annet.non-positive] @Input channels must be positive")
        .inFile(file)
        .onLineContaining("@Model(");
  }

  /**
   * Annet's {@code @Suppress} silences the warning under ECJ without ECJ's own complaint, which
   * the standard {@code @SuppressWarnings("annet.fc-heavy")} draws.
   */
  @Test
  void suppressIsTheFormEclipseAccepts(@TempDir Path dir)
      throws IOException {
    String source;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("bad/FcHeavy.java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] forms = {"@Suppress(\"fc-heavy\")", "@SuppressWarnings(\"annet.fc-heavy\")"};
    for (String form : forms) {
      Path file =
          dir.resolve(form.startsWith("@Suppress(") ? "a" : "b")
              .resolve("io/annet/bad/FcHeavy.java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.replace("@Model(", form + "\n@Model("));
      Compilation compilation =
          ecj(JavaFileObjects.forResource(file.toUri().toURL()));
      List<String> warnings =
          compilation.warnings().stream().map(d -> d.getMessage(null)).toList();
      if (form.startsWith("@Suppress(")) {
        assertEquals(List.of(), warnings);
      } else {
        assertEquals(
            List.of("Unsupported @SuppressWarnings(\"annet.fc-heavy\")"), warnings);
      }
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("javacWarningCases")
  void warningOnTheSameLineAsUnderJavac(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    assertThat(ecj(file)).hadWarningContaining(tag).inFile(file).onLineContaining(line);
  }
}
