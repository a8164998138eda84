package io.annet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.bad;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HeadMismatchGap         | [annet.head-mismatch]    | @GlobalAvgPool",
        "HeadMismatchDense       | [annet.head-mismatch]    | units = 12",
        "DenseFedMap             | [annet.not-flat]         | @Dense(units = 10)",
        "SoftmaxFedMap           | [annet.not-flat]         | @Softmax",
        "ImplicitSoftmaxFedMap   | [annet.not-flat]         | @MaxPool(kernel = 2)",
        "ConvKernelTooLarge      | [annet.kernel-too-large] | kernel = 7",
        "MlpConvKernelTooLarge   | [annet.kernel-too-large] | kernel = {3, 6}",
        "MaxPoolKernelTooLarge   | [annet.kernel-too-large] | @MaxPool(kernel = 3, stride = 2)",
        "AvgPoolKernelTooLarge   | [annet.kernel-too-large] | @AvgPool(kernel = 5)",
        "NeedsMap                | [annet.needs-map]        | @Conv(filters = 10, kernel = 1)",
        "TooLarge                | [annet.too-large]        | @Conv(filters = 1073741824",
        "NonPositiveFilters      | [annet.non-positive]     | filters = 0",
        "NonPositiveKernel       | [annet.non-positive]     | kernel = 0",
        "NonPositiveStride       | [annet.non-positive]     | stride = 0",
        "NonPositiveUnits        | [annet.non-positive]     | units = -5",
        "NegativePadding         | [annet.negative-padding] | padding = -1",
        "PoolPadding             | [annet.pool-padding]     | padding = 2",
        "DropoutRate             | [annet.out-of-range]     | rate = 1.0",
        "EmptyFilters            | [annet.empty-filters]    | filters = {}",
        "ArrayLength             | [annet.array-length]     | kernel = {3, 3, 3}",
        "ClassesNonPositive      | [annet.non-positive]     | classes = 0",
        "ActivationBeforeSoftmax | [annet.activation-before-softmax] | @Dense(units = 10)",
        "MethodParameters        | [annet.method-parameters] | Layer conv1(int size);",
        "ReturnType              | [annet.return-type]       | Object conv1();",
        "TwoLayerAnnotations     | [annet.multiple-layers]   | @MaxPool(kernel = 2)",
        "MissingLayerAnnotation  | [annet.missing-layer]     | Layer forgotten();",
        "DefaultLayerMethod      | [annet.not-abstract]      | @GlobalAvgPool",
        "StaticLayerMethod       | [annet.not-abstract]      | @GlobalAvgPool",
        "LayersAfterSoftmax      | [annet.after-softmax]     | @Dropout(rate = 0.5)",
        "NoLayers                | [annet.no-layers]         | @Model(",
        "ModelOnClass            | [annet.not-interface]     | @Model(",
        "ModelOnEnum             | [annet.not-interface]     | @Model(",
        "GenericModel            | [annet.generic-model]     | @Model(",
        "PrivateModel            | [annet.private-model]     | @Model(",
        "NameTaken               | [annet.name-taken]        | name = \"Taken\"",
        "InvalidName             | [annet.invalid-name]      | name = \"my-net\"",
        "InheritedMethod         | [annet.inherited-method]  | @Model(",
        "ReservedName            | [annet.reserved-name]     | Layer summary();",
        "UnknownInput            | [annet.unknown-input]     | Layer b2(Layer branch);",
        "LaterInput              | [annet.unknown-input]     | Layer early(Layer late);",
        "ConcatMismatch          | [annet.concat-mismatch]   | @Concat",
        "AddMismatch             | [annet.add-mismatch]      | @Add(activation",
        "MergeInputs             | [annet.merge-inputs]      | @Concat",
        "BlockCycle              | [annet.block-cycle]       | @Use(value = CycleA.class)",
        "NotBlock                | [annet.not-block]         | @Use(Plain.class)",
        "BlockInputs             | [annet.block-input]       | @Block(input = {",
        "BlockInputMismatch      | [annet.block-input]       | @Use(Fixed.class)",
        "HeadBackboneMismatch    | [annet.head-backbone-mismatch] | head = WideHead.class",
        "BackboneHead            | [annet.backbone-head]     | backbone = OnlyBody.class",
        "SamePadding             | [annet.same-padding]      | same = true",
      })
  void errorOnTheSameLineAsUnderJavac(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = ecj(file);
    assertThat(compilation).failed();
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
  @CsvSource(
      delimiter = '|',
      value = {
        "StrideDropsInput | [annet.stride-drops-input] | stride = 2",
        "PaddingIgnored   | [annet.padding-ignored]    | padding = 1",
        "FcHeavy          | [annet.fc-heavy]           | @Dense(units = 512)",
        "UnusedOutput     | [annet.unused-output]      | @Conv(filters = 7, kernel = 1)",
      })
  void warningOnTheSameLineAsUnderJavac(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    assertThat(ecj(file)).hadWarningContaining(tag).inFile(file).onLineContaining(line);
  }
}
