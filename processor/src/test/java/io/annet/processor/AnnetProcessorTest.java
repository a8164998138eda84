package io.annet.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.annet;
import static io.annet.processor.BadSources.bad;
import static io.annet.processor.BadSources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The processor as a whole: registration, isolation of models, and generation of clean ones. */
class AnnetProcessorTest {

  // Generated networks need io.annet.runtime, which is deliberately not on this classpath, so
  // javac reports errors in the generated file; Annet itself must be silent, and the
  // RecordingProcessor shows what was written.

  @ParameterizedTest
  @ValueSource(strings = {"MnistGap", "NinCifar10", "MnistFc", "InceptionHead"})
  void goodModelHasNoAnnetDiagnosticsAndGeneratesItsNetwork(String name) {
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation =
        compile(processor, JavaFileObjects.forResource("good/" + name + ".java"));
    assertThat(annet(compilation, Diagnostic.Kind.ERROR)).isEmpty();
    assertThat(annet(compilation, Diagnostic.Kind.WARNING)).isEmpty();
    assertThat(processor.created()).hasSize(1);
    RecordingProcessor.Created created = processor.created().get(0);
    assertThat(created.name()).isEqualTo("io.annet.golden." + name + "Network");
    assertThat(created.originatingElements()).hasSize(1);
    TypeElement origin = (TypeElement) created.originatingElements().get(0);
    assertThat(origin.getQualifiedName().toString()).isEqualTo("io.annet.golden." + name);
  }

  @Test
  void bothBadModelsOfOneFileAreReported() {
    JavaFileObject file = bad("TwoBadModels");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContaining("[annet.head-mismatch]")
        .inFile(file)
        .onLineContaining("units = 7");
    assertThat(compilation)
        .hadErrorContaining("[annet.kernel-too-large]")
        .inFile(file)
        .onLineContaining("kernel = 9");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void aBadModelDoesNotStopAGoodOne() {
    JavaFileObject file = bad("BadAndGood");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = compile(processor, file);
    assertThat(compilation)
        .hadErrorContaining("[annet.kernel-too-large]")
        .inFile(file)
        .onLineContaining("kernel = 30");
    assertThat(annet(compilation, Diagnostic.Kind.ERROR)).hasSize(1);
    assertThat(processor.created()).hasSize(1);
    assertThat(processor.created().get(0).name()).isEqualTo("io.annet.bad.GoodNetwork");
  }

  @Test
  void allProblemsOfOneModelAreReportedInOneRun() {
    JavaFileObject file =
        JavaFileObjects.forSourceString(
            "io.annet.bad.Many",
            String.join(
                "\n",
                "package io.annet.bad;",
                "import io.annet.dsl.*;",
                "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 10)",
                "interface Many {",
                "  @Conv(filters = 4, kernel = 3, padding = 1) Layer conv1();",
                "  @Dropout(rate = 2.0) Layer drop();",
                "  @Conv(filters = 4, kernel = 3, stride = 2) Layer conv2();",
                "  @MaxPool(kernel = 5) Layer pool();",
                "  @Dense(units = 0) Layer logits();",
                "}"));
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContaining("[annet.out-of-range]")
        .inFile(file)
        .onLineContaining("rate = 2.0");
    assertThat(compilation)
        .hadWarningContaining("[annet.stride-drops-input]")
        .inFile(file)
        .onLineContaining("stride = 2");
    assertThat(compilation)
        .hadErrorContaining("[annet.kernel-too-large]")
        .inFile(file)
        .onLineContaining("kernel = 5");
    assertThat(compilation)
        .hadErrorContaining("[annet.non-positive]")
        .inFile(file)
        .onLineContaining("units = 0");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void anInternalFailureBecomesOneErrorAndOtherModelsAreStillProcessed() {
    RecordingProcessor processor =
        new RecordingProcessor(new IllegalStateException("filer exploded"));
    JavaFileObject file = bad("BadAndGood");
    Compilation compilation = compile(processor, file);
    assertThat(compilation)
        .hadErrorContaining(
            "[annet.internal] annet internal error, please report:"
                + " java.lang.IllegalStateException: filer exploded")
        .inFile(file)
        .onLineContaining("channels = 3");
    assertThat(compilation)
        .hadErrorContaining("[annet.kernel-too-large]")
        .inFile(file)
        .onLineContaining("kernel = 30");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void registeredAsServiceAndAsIsolatingGradleProcessor() throws IOException {
    boolean found = false;
    for (Processor p : ServiceLoader.load(Processor.class)) {
      found |= p instanceof AnnetProcessor;
    }
    assertThat(found).isTrue();
    try (var in =
        getClass().getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
          .isEqualTo(
              "io.annet.processor.AnnetProcessor,isolating\n"
                  + "io.annet.processor.LocalModelProcessor,isolating");
    }
  }

  @Test
  void claimsEveryDslAnnotationOnTheLatestSourceVersion() {
    AnnetProcessor processor = new AnnetProcessor();
    assertThat(processor.getSupportedAnnotationTypes()).containsExactly(
        "io.annet.dsl.*", "javax.annotation.processing.Generated");
    assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
  }

  @Test
  void theLocalModelScannerRunsOnEverySourceAndClaimsNothing() {
    // "*": javac offers no element for a @Model on a local interface, so the scanner must run on
    // sources without one to report it (issue 11, item 8); it returns false, so AnnetProcessor
    // alone claims io.annet.dsl's annotations and other processors still see theirs.
    LocalModelProcessor scanner = new LocalModelProcessor();
    assertThat(scanner.getSupportedAnnotationTypes()).containsExactly("*");
    assertThat(scanner.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
  }
}
