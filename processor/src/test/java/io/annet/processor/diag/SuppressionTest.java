package io.annet.processor.diag;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.annet;
import static io.annet.processor.BadSources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every Annet warning can be silenced by its tag, with the standard {@code @SuppressWarnings} and
 * with Annet's own {@code @Suppress}, on the interface or on the method it is reported on.
 */
class SuppressionTest {

  /** The source {@code bad/<name>.java} with {@code annotation} put before {@code line}. */
  private static JavaFileObject withAnnotation(String name, String line, String annotation)
      throws IOException {
    String text;
    try (InputStream in =
        SuppressionTest.class.getClassLoader().getResourceAsStream("bad/" + name + ".java")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int at = text.indexOf(line);
    assertThat(at).isAtLeast(0);
    int start = text.lastIndexOf('\n', at) + 1;
    String patched = text.substring(0, start) + annotation + "\n" + text.substring(start);
    return JavaFileObjects.forSourceString("io.annet.bad." + name, patched);
  }

  @ParameterizedTest(name = "{0} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // warning source | tag                  | where              | the line annotated
        "StrideDropsInput | stride-drops-input   | interface          | @Model(",
        "StrideDropsInput | stride-drops-input   | method             | @Conv(filters = 10",
        "PaddingIgnored   | padding-ignored      | interface          | @Model(",
        "PaddingIgnored   | padding-ignored      | method             | @Conv(filters = 10",
        "UnusedOutput     | unused-output        | interface          | @Model(",
        "UnusedOutput     | unused-output        | method             | @Conv(filters = 7",
        "FcHeavy          | fc-heavy             | interface          | @Model(",
      })
  void eachWarningIsSuppressedByItsTagInBothForms(
      String source, String tag, String where, String line) throws IOException {
    JavaFileObject plain = withAnnotation(source, line, "");
    assertThat(annet(compile(plain), Diagnostic.Kind.WARNING))
        .comparingElementsUsing(
            com.google.common.truth.Correspondence.<String, String>from(
                String::contains, "contains"))
        .contains("[annet." + tag + "]");
    String[] forms = {
      "@SuppressWarnings(\"annet." + tag + "\")",
      "@SuppressWarnings({\"unchecked\", \"all\"})",
      "@io.annet.dsl.Suppress(\"" + tag + "\")",
      "@io.annet.dsl.Suppress({\"annet." + tag + "\"})",
    };
    for (String form : forms) {
      Compilation compilation = compile(withAnnotation(source, line, form));
      assertThat(annet(compilation, Diagnostic.Kind.WARNING)).isEmpty();
      assertThat(annet(compilation, Diagnostic.Kind.ERROR)).isEmpty();
    }
    // Another tag suppresses nothing.
    Compilation other =
        compile(withAnnotation(source, line, "@io.annet.dsl.Suppress(\"head-mismatch\")"));
    assertThat(other).hadWarningContaining("[annet." + tag + "]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "@SuppressWarnings(\"all\")",
    "@io.annet.dsl.Suppress(\"activation-before-softmax\")"
  })
  void errorsCannotBeSuppressed(String form) throws IOException {
    Compilation compilation =
        compile(withAnnotation("ActivationBeforeSoftmax", "@Model(", form));
    assertThat(compilation).hadErrorContaining("[annet.activation-before-softmax]");
  }
}
