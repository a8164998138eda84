package io.annet.processor.diag;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.annet;
import static io.annet.processor.BadSources.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The silent training trap: a layer feeding the softmax directly that keeps its default ReLU is
 * an error with the fix; a written-out activation, or a ReLU before global pooling (the NIN head),
 * passes.
 */
class ActivationBeforeSoftmaxTest {

  private static JavaFileObject model(String head) {
    return JavaFileObjects.forSourceString(
        "t.Head",
        "package t;\nimport io.annet.dsl.*;\n"
            + "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 4)\n"
            + "interface Head {\n"
            + "  @Conv(filters = 6, kernel = 3, padding = 1) Layer conv();\n"
            + head
            + "}\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the head after conv                                    | the flagged line
        "@GlobalAvgPool Layer g(); @Dense(units = 4) Layer l();       | @Dense(units = 4)",
        "@Flatten Layer f(); @Dense(units = 4) Layer l(); @Softmax Layer p(); | @Dense(units = 4)",
        "@MaxPool(kernel = 8) Layer p(); @Conv(filters = 4, kernel = 1) Layer c();"
            + " @Flatten Layer f(); | @Conv(filters = 4, kernel = 1)",
        "@Conv(filters = 4, kernel = 8) Layer c(); @Dropout(rate = 0.5) Layer d();"
            + " @Flatten Layer f(); | @Conv(filters = 4, kernel = 8)",
        "@MlpConv(filters = {5, 4}, kernel = 8) Layer m(); @Flatten Layer f();"
            + " | @MlpConv(filters = {5, 4}",
      })
  void aDefaultReluFeedingTheSoftmaxIsAnErrorWithTheFix(String head, String line) {
    JavaFileObject source = model("  " + head.replace("; ", ";\n  ") + "\n");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining("[annet.activation-before-softmax]")
        .inFile(source)
        .onLineContaining(line);
    assertThat(compilation).hadErrorContaining("IDENTITY");
    assertThat(annet(compilation, Diagnostic.Kind.ERROR)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "@GlobalAvgPool Layer g(); @Dense(units = 4, activation = Activation.IDENTITY) Layer l();",
        "@GlobalAvgPool Layer gap(); @Dense(units = 4, activation = Activation.RELU) Layer l();",
        "@Conv(filters = 4, kernel = 1) Layer nin(); @GlobalAvgPool Layer gap();",
        "@MlpConv(filters = {5, 4}, kernel = 1) Layer nin(); @GlobalMaxPool Layer gmp(); @Softmax"
            + " Layer p();",
        "@GlobalAvgPool Layer g(); @Dense(units = 4) Layer h(); @BatchNorm Layer bn();",
        "@GlobalAvgPool Layer g(); @Dense(units = 4, activation = Activation.IDENTITY) Layer h();"
            + " @BatchNorm(activation = Activation.RELU) Layer bn();",
      })
  void anExplicitActivationOrAGlobalPoolInBetweenPasses(String head) {
    Compilation compilation = compile(model("  " + head.replace("; ", ";\n  ") + "\n"));
    assertThat(annet(compilation, Diagnostic.Kind.ERROR)).isEmpty();
  }

  @Test
  void theMessageNamesTheLayerTheSoftmaxAndTheFix() {
    Compilation compilation =
        compile(JavaFileObjects.forResource("bad/ActivationBeforeSoftmax.java"));
    assertThat(compilation)
        .hadErrorContaining(
            "logits (@Dense) keeps its default activation = RELU but feeds the @Softmax probs"
                + " directly");
    assertThat(compilation).hadErrorContaining("Set activation = IDENTITY on it");
  }
}
