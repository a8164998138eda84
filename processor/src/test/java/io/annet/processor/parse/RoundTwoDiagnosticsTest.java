package io.annet.processor.parse;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.bad;
import static io.annet.processor.BadSources.compile;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.annet.processor.AnnetProcessor;
import io.annet.processor.LocalModelProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Declarations the processor used to accept although javac or the runtime then failed (issue 11,
 * items 5 to 8): each is now one tagged error on the offending line, and nothing is generated.
 */
class RoundTwoDiagnosticsTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ReservedConstant     | [annet.reserved-name]   | Layer SPEC();",
        "ReservedType         | [annet.reserved-name]   | Layer DataType();",
        "ReservedObjectMethod | [annet.reserved-name]   | Layer finalize();",
        "RestrictedModelName  | [annet.invalid-name]    | name = \"var\"",
        "DslModelName         | [annet.invalid-name]    | name = \"Layer\"",
        "JavaLangModelName    | [annet.invalid-name]    | name = \"String\"",
        "OverloadedLayers     | [annet.duplicate-layer] | Layer conv(Layer input);",
        "InputNamedLayer      | [annet.reserved-name]   | Layer input();",
        "NegativeBudget       | [annet.out-of-range]    | maxParameters = -1",
        "RepeatedMerge        | [annet.merge-inputs]    | @Repeat(3)",
        "SelfInput            | [annet.unknown-input]   | Layer b(Layer b);",
        "FiltersTooLarge      | [annet.too-large]       | filters = 2147483647",
        "UnitsTooLarge        | [annet.too-large]       | units = 1073741824",
        "KernelTensorTooLarge | [annet.too-large]       | kernel = 20000",
      })
  void errorOnExactLine(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = compile(file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(tag).inFile(file).onLineContaining(line);
    compilation.errors().forEach(e -> assertTrue(e.getMessage(null).contains("[annet."), "" + e));
  }

  @Test
  void aLocalModelIsReportedNotIgnored() {
    // javac's own environment: the recording processor's wrapper hides the source trees.
    JavaFileObject file = bad("LocalModel");
    Compilation compilation = javac().withProcessors(new AnnetProcessor(), new LocalModelProcessor()).compile(file);
    assertThat(compilation)
        .hadErrorContaining(
            "[annet.private-model] @Model interface Local is local, so the generated class cannot"
                + " implement it. Make it at least package-private and move it out of the method")
        .inFile(file)
        .onLineContaining("@Model(");
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());

    // Qualified, in an anonymous class: found all the same.
    JavaFileObject nested = bad("AnonymousMemberModel");
    Compilation anonymous = javac().withProcessors(new AnnetProcessor(), new LocalModelProcessor()).compile(nested);
    assertThat(anonymous)
        .hadErrorContaining("[annet.private-model] @Model interface Nested is local")
        .inFile(nested)
        .onLineContaining("@io.annet.dsl.Model(");
    assertEquals(1, anonymous.errors().size(), anonymous.errors().toString());
  }

  @Test
  void reservedNamesSayWhatTheyClashWith() {
    assertThat(compile(bad("ReservedConstant")))
        .hadErrorContaining(
            "layer method SPEC clashes with the constant SPEC of the generated class. Rename the"
                + " layer, e.g. SPECLayer()");
    assertThat(compile(bad("ReservedType")))
        .hadErrorContaining(
            "clashes with the type org.nd4j.linalg.api.buffer.DataType, which the generated class"
                + " names as DataType");
    assertThat(compile(bad("ReservedObjectMethod")))
        .hadErrorContaining("clashes with Object.finalize(), which the generated class cannot");
    assertThat(compile(bad("RestrictedModelName")))
        .hadErrorContaining("@Model name \"var\" is a restricted identifier of Java");
    assertThat(compile(bad("DslModelName")))
        .hadErrorContaining(
            "@Model name \"Layer\" would hide io.annet.dsl.Layer from the sources of its package"
                + " (models import io.annet.dsl.*), so javac would reject");
    assertThat(compile(bad("JavaLangModelName")))
        .hadErrorContaining("@Model name \"String\" would hide java.lang.String from the sources");
  }

  @Test
  void overloadsNameBothMethodsAndAFreeName() {
    assertThat(compile(bad("OverloadedLayers")))
        .hadErrorContaining(
            "layer method conv(Layer input) has the same name as layer method conv() declared"
                + " before it");
    assertThat(compile(bad("OverloadedLayers"))).hadErrorContaining("e.g. 'conv2(...)'");
  }

  @Test
  void aSelfReferenceIsNotCalledLater() {
    Compilation compilation = compile(bad("SelfInput"));
    assertThat(compilation)
        .hadErrorContaining(
            "b() names input 'b', which is this layer itself (a layer cannot consume its own"
                + " output)");
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
  }

  @Test
  void aRepeatedMergeIsOneErrorWithoutAnInvalidName() {
    Compilation compilation = compile(bad("RepeatedMerge"));
    assertThat(compilation)
        .hadErrorContaining("@Repeat(3) on s(Layer a, Layer input) feeds each repetition");
    compilation.errors().forEach(e -> assertEquals(-1, e.getMessage(null).indexOf("s.1(")));
  }

  @Test
  void aNegativeBudgetIsRejectedNotCounted() {
    Compilation compilation = compile(bad("NegativeBudget"));
    assertThat(compilation)
        .hadErrorContaining("@Budget maxParameters must be in [0, 9223372036854775807]");
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
  }

  @Test
  void tooLargeTensorsNameTheTensorAndTheLimit() {
    assertThat(compile(bad("UnitsTooLarge")))
        .hadErrorContaining(
            "dense @Dense(units = 1073741824) needs a weight [1073741824, 1] of 1,073,741,824"
                + " values, over the 268,435,327 one tensor may hold");
    assertThat(compile(bad("FiltersTooLarge")))
        .hadErrorContaining("needs a weight [2147483647, 1, 8, 8] of 137,438,953,408 values");
  }
}
