package io.annet.processor.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.JavaFileObjects;
import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** The parse phase on its own: what a declaration becomes as a {@link ModelSpec}. */
class ModelParserTest {

  /** Runs only {@link ModelParser} on every {@code @Model} and keeps the results. */
  private static final class ParseOnly extends AbstractProcessor {
    final List<ParsedModel> parsed = new ArrayList<>();
    final List<DiagnosticReport> reports = new ArrayList<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("io.annet.dsl.Model");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      TypeElement model = processingEnv.getElementUtils().getTypeElement("io.annet.dsl.Model");
      for (Element e : round.getElementsAnnotatedWith(model)) {
        DiagnosticReport report = new DiagnosticReport();
        new ModelParser(processingEnv, report).parse(e).ifPresent(parsed::add);
        reports.add(report);
      }
      return false;
    }
  }

  private static ParseOnly parse(String... lines) {
    ParseOnly processor = new ParseOnly();
    javac().withProcessors(processor).compile(JavaFileObjects.forSourceLines("p.Outer", lines));
    return processor;
  }

  @Test
  void normalisesWindowsAndReadsEveryAttribute() {
    ParseOnly p =
        parse(
            "package p;",
            "import io.annet.dsl.*;",
            "class Outer {",
            "  @SuppressWarnings(\"annet.fc-heavy\")",
            "  @Budget(maxParameters = 5000)",
            "  @Model(input = @Input(channels = 3, height = 32, width = 24), classes = 7,"
                + " name = \"Net\")",
            "  interface Inner {",
            "    @Conv(filters = 8, kernel = {1, 7}, stride = 2, padding = {0, 3},"
                + " activation = Activation.TANH, bias = false)",
            "    Layer conv();",
            "    @MlpConv(filters = {16, 7}, kernel = 3, same = true)",
            "    Layer block();",
            "    @MaxPool(kernel = 3, padding = 1) Layer maxPool();",
            "    @AvgPool(kernel = {2, 3}, stride = {1, 2}) Layer avgPool();",
            "    @BatchNorm(momentum = 0.8) Layer norm();",
            "    @Dropout(rate = 0.25) Layer drop();",
            "    @GlobalAvgPool Layer gap();",
            "    @Dense(units = 7, activation = Activation.IDENTITY) Layer logits();",
            "    @Softmax Layer probs();",
            "    default int helper() { return 0; }",
            "  }",
            "}");
    assertThat(p.reports.get(0).items()).isEmpty();
    ParsedModel parsed = p.parsed.get(0);
    assertThat(parsed.complete()).isTrue();
    ModelSpec spec = parsed.spec();
    assertThat(spec.packageName()).isEqualTo("p");
    assertThat(spec.interfaceName()).isEqualTo("Outer.Inner");
    assertThat(spec.className()).isEqualTo("Net");
    assertThat(spec.input()).isEqualTo(Shape.map(3, 32, 24));
    assertThat(spec.classes()).isEqualTo(7);
    assertThat(spec.budget()).isEqualTo(new BudgetSpec(5000, Long.MAX_VALUE, Long.MAX_VALUE));
    assertThat(spec.fcHeavySuppressed()).isTrue();
    assertThat(spec.layers())
        .containsExactly(
            new ConvSpec("conv", 8, new Window(1, 7, 2, 2, 0, 3, false), Activation.TANH, false),
            new MlpConvSpec(
                "block", List.of(16, 7), new Window(3, 3, 1, 1, 0, 0, true), Activation.RELU),
            new MaxPoolSpec("maxPool", new Window(3, 3, 3, 3, 1, 1, false)),
            new AvgPoolSpec("avgPool", new Window(2, 3, 1, 2, 0, 0, false)),
            new BatchNormSpec("norm", 0.8, 1e-5),
            new DropoutSpec("drop", 0.25),
            new GlobalAvgPoolSpec("gap"),
            new DenseSpec("logits", 7, Activation.IDENTITY, true),
            new SoftmaxSpec("probs"))
        .inOrder();
    assertThat(parsed.layers()).hasSize(9);
    assertThat(parsed.layers().get(0).value("kernel").toString()).isEqualTo("{1, 7}");
    assertThat(parsed.layers().get(0).value("filters").getValue()).isEqualTo(8);
    assertThat(parsed.layers().get(2).value("stride")).isNull(); // defaulted: nothing to point at
  }

  @Test
  void defaultNameAndDefaultPackage() {
    ParseOnly p =
        parse(
            "import io.annet.dsl.*;",
            "@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 2)",
            "interface Outer {",
            "  @GlobalAvgPool Layer gap();",
            "}");
    ModelSpec spec = p.parsed.get(0).spec();
    assertThat(spec.packageName()).isEmpty();
    assertThat(spec.interfaceName()).isEqualTo("Outer");
    assertThat(spec.className()).isEqualTo("OuterNetwork");
    assertThat(spec.budget()).isEqualTo(BudgetSpec.NONE);
    assertThat(spec.fcHeavySuppressed()).isFalse();
  }

  @Test
  void aLayerThatCannotBeParsedMakesTheModelIncomplete() {
    ParseOnly p =
        parse(
            "package p;",
            "import io.annet.dsl.*;",
            "@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 2)",
            "interface Outer {",
            "  @Conv(filters = 2, kernel = {}) Layer conv();",
            "  @GlobalAvgPool Layer gap();",
            "}");
    ParsedModel parsed = p.parsed.get(0);
    assertThat(parsed.complete()).isFalse();
    assertThat(parsed.spec().layers()).hasSize(1);
    assertThat(p.reports.get(0).items().get(0).render())
        .startsWith("[annet.array-length] @Conv kernel takes one value");
  }
}
