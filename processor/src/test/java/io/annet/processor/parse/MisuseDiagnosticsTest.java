package io.annet.processor.parse;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.bad;
import static io.annet.processor.BadSources.compile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One compile-testing case per misuse of the DSL, asserting the tag on the exact line. */
class MisuseDiagnosticsTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MethodParameters       | [annet.method-parameters] | Layer conv1(int size);",
        "ReturnType             | [annet.return-type]       | Object conv1();",
        "TwoLayerAnnotations    | [annet.multiple-layers]   | @MaxPool(kernel = 2)",
        "MissingLayerAnnotation | [annet.missing-layer]     | Layer forgotten();",
        "DefaultLayerMethod     | [annet.not-abstract]      | @GlobalAvgPool",
        "StaticLayerMethod      | [annet.not-abstract]      | @GlobalAvgPool",
        "LayersAfterSoftmax     | [annet.after-softmax]     | @Dropout(rate = 0.5)",
        "NoLayers               | [annet.no-layers]         | @Model(",
        "ModelOnClass           | [annet.not-interface]     | @Model(",
        "ModelOnEnum            | [annet.not-interface]     | @Model(",
        "GenericModel           | [annet.generic-model]     | @Model(",
        "PrivateModel           | [annet.private-model]     | @Model(",
        "NameTaken              | [annet.name-taken]        | name = \"Taken\"",
        "InvalidName            | [annet.invalid-name]      | name = \"my-net\"",
        "InheritedMethod        | [annet.inherited-method]  | @Model(",
        "ReservedName           | [annet.reserved-name]     | Layer summary();",
      })
  void errorOnExactLine(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = compile(file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(tag).inFile(file).onLineContaining(line);
  }

  @Test
  void missingLayerListsTheAnnotations() {
    assertThat(compile(bad("MissingLayerAnnotation")))
        .hadErrorContaining(
            "abstract method forgotten() of @Model MissingLayerAnnotation has no"
                + " layer annotation: expected exactly one of @Conv, @MlpConv");
  }

  @Test
  void shapeErrorsAreStillReportedNextToMisuse() {
    // ReturnType's conv1 is kept as a layer, so its shape is still checked: [10, 26, 26] -> GAP
    // gives [10], which matches, so the only error is the misuse one.
    Compilation compilation = compile(bad("ReturnType"));
    assertThat(compilation).hadErrorCount(1);
  }
}
