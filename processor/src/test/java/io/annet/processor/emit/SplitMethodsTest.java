package io.annet.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.AnnetProcessor;
import io.annet.processor.BadSources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Large chains and graphs get their generated methods split into chunks (one mechanism for both),
 * so that javac never sees a method over the JVM's 64 KB of bytecode; a model that cannot be split
 * enough is reported instead.
 */
class SplitMethodsTest {

  /**
   * A chain of {@code convs} {@code @Conv(filters = 1, kernel = 1)} layers on a 1x4x4 input, then
   * a 4x4 convolution to the 4 classes (and the implicit softmax).
   */
  static JavaFileObject chain(String name, int convs) {
    StringBuilder s = new StringBuilder("package big;\nimport io.annet.dsl.*;\n");
    s.append("import static io.annet.dsl.Activation.IDENTITY;\n");
    s.append("@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 4)\n");
    s.append("interface ").append(name).append(" {\n");
    for (int i = 0; i < convs; i++) {
      s.append("  @Conv(filters = 1, kernel = 1, activation = Activation.TANH) Layer c")
          .append(i)
          .append("();\n");
    }
    s.append("  @Conv(filters = 4, kernel = 4, activation = IDENTITY) Layer head();\n}\n");
    return JavaFileObjects.forSourceString("big." + name, s.toString());
  }

  private static Compilation compile(List<String> options, JavaFileObject model) {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(model);
    return javac().withOptions(options).withProcessors(new AnnetProcessor()).compile(sources);
  }

  @Test
  void aChainOfThreeThousandLayersCompiles() throws IOException {
    Compilation compilation = compile(List.of(), chain("Chain3000", 2_999));
    assertThat(compilation).succeededWithoutWarnings();
    String source =
        compilation
            .generatedSourceFile("big.Chain3000Network")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertTrue(source.contains("Object[] kernels0 = kernels0(dtype, init);"), "split constructor");
    assertTrue(source.contains("private final Forward[] records;"), "the records field");
    assertTrue(source.contains("trainForward0(x);"), "split trainStep");
    assertTrue(source.contains("register(declaredLayers(3000, kernels0,"), "one registration");
    assertTrue(
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "big", "Chain3000Network.class")
            .isPresent());
  }

  @Test
  void aGraphOfFifteenHundredNodesCompiles() throws IOException {
    // Unsplit, its constructor would take about 70 bytes a node (kernel and handle member).
    JavaFileObject model =
        JavaFileObjects.forSourceString(
            "big.Repeated",
            "package big; import io.annet.dsl.*; import static io.annet.dsl.Activation.IDENTITY;\n"
                + "@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 4)\n"
                + "interface Repeated {\n"
                + "  @Repeat(1499) @Conv(filters = 1, kernel = 1) Layer conv();\n"
                + "  @Conv(filters = 4, kernel = 4, activation = IDENTITY) Layer head();\n"
                + "}\n");
    Compilation compilation = compile(List.of(), model);
    assertThat(compilation).succeededWithoutWarnings();
    String source =
        compilation
            .generatedSourceFile("big.RepeatedNetwork")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertTrue(source.contains("private final INDArray[] grads;"), "split graph");
    assertTrue(source.contains("this.grads[1498] = this.head.backward("), "split backward");
  }

  @Test
  void chunkMethodsNeverClashWithTheLayersAccessors() throws IOException {
    JavaFileObject model =
        JavaFileObjects.forSourceString(
            "big.Clash",
            "package big; import io.annet.dsl.*; import static io.annet.dsl.Activation.IDENTITY;\n"
                + "@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 4)\n"
                + "interface Clash {\n"
                + "  @Conv(filters = 1, kernel = 1) Layer backward0();\n"
                + "  @Repeat(3) @Conv(filters = 1, kernel = 1) Layer kernels1();\n"
                + "  @Conv(filters = 1, kernel = 1) Layer records();\n"
                + "  @Conv(filters = 4, kernel = 4, activation = IDENTITY)\n"
                + "  Layer grads(Layer records);\n"
                + "}\n");
    Compilation compilation = compile(List.of("-Aannet.splitMethods=2"), model);
    assertThat(compilation).succeededWithoutWarnings();
    String source =
        compilation.generatedSourceFile("big.ClashNetwork").orElseThrow().getCharContent(true)
            .toString();
    assertTrue(source.contains("private void chunkBackward0()"), source);
    assertTrue(source.contains("private final Forward[] records2;"), source);
    assertTrue(source.contains("private final INDArray[] grads2;"), source);
  }

  @Test
  void theOptionSplitsEveryLongerChainIntoChunksOfAtMostThatManyLayers() throws IOException {
    Compilation compilation = compile(List.of("-Aannet.splitMethods=7"), chain("Chain20", 19));
    assertThat(compilation).succeededWithoutWarnings();
    String source =
        compilation
            .generatedSourceFile("big.Chain20Network")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    // 20 convolutions and the implicit softmax: chunks of 7, 7 and 7 layers.
    for (int c = 0; c < 3; c++) {
      assertTrue(source.contains("private static Object[] kernels" + c + "("), source);
      assertTrue(source.contains("private void forward" + c + "(INDArray x)"), source);
      assertTrue(source.contains("private void trainForward" + c + "(INDArray x)"), source);
    }
    assertFalse(source.contains("kernels3("), source);
    assertTrue(source.contains("backward0();"), "the first chunk ends the backward");
    assertTrue(
        source.contains("this.c0.backwardParameters((ConvLayer.Saved) this.records[0],"), source);
    assertTrue(
        source.contains(
            "this.records[20] = this.softmax.forward(this.records[19].output(), true);"),
        source);
    Matcher m = Pattern.compile("(?s)Object\\[] kernels\\d+\\(.*?\\n  }").matcher(source);
    while (m.find()) {
      assertTrue(m.group().split("new ConvLayer|new SoftmaxLayer").length - 1 <= 7, m.group());
    }
  }

  @Test
  void smallModelsAreNotSplitByDefault() {
    String source = new NetworkEmitter().emit(TestTables.mnistGap()).toString();
    assertFalse(source.contains("kernels0"), source);
    assertFalse(source.contains("records"), source);
  }

  @Test
  void aChainTooLargeEvenSplitIsReportedOnTheModel() {
    JavaFileObject model = chain("Chain5200", 5_199);
    Compilation compilation = compile(List.of(), model);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[annet.method-too-large] Chain5200 has 5,200 layers: even with its methods split"
                + " into chunks of layers, the constructor of its generated network would need up"
                + " to 65,508 bytes of bytecode, over the 60,000 Annet allows in one method")
        .inFile(model)
        .onLineContaining("@Model");
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
  }

  @Test
  void aGraphTooLargeEvenSplitIsReportedOnTheModel() {
    JavaFileObject model = BadSources.bad("HugeGraph");
    Compilation compilation = compile(List.of(), model);
    assertThat(compilation)
        .hadErrorContaining(
            "[annet.method-too-large] HugeGraph has 4,001 layers: even with its methods split"
                + " into chunks of layers, the constructor of its generated network would need up"
                + " to 73,912 bytes of bytecode")
        .inFile(model)
        .onLineContaining("@Model");
    assertThat(compilation).hadErrorContaining("fewer in a graph whose @Use or @Repeat handles");
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
  }

  @Test
  void aMalformedOptionIsAnError() {
    Compilation compilation = compile(List.of("-Aannet.splitMethods=many"), chain("Chain2", 1));
    assertThat(compilation)
        .hadErrorContaining("[annet.bad-option] -Aannet.splitMethods=many is not a number");
  }

  @Test
  void theBoundIsAboveWhatJavacEmits() {
    // Measured with javac 17 on these statements: 60, 37 (19 + 18) and 13 bytes.
    String conv =
        "c3 = new ConvLayer(\"c3\", new int[] {1, 4, 4}, 1, new Window(1, 1, 1, 1, 0, 0, false),"
            + " Activation.RELU, true, dtype, init);";
    assertTrue(MethodSize.of(conv) >= 60, "" + MethodSize.of(conv));
    String train = "ConvLayer.Saved c3Out = c3.forward(c2Out.output(), true); // c3\n"
        + "grad = c3.backward(c3Out, grad);";
    assertTrue(MethodSize.of(train) >= 37, "" + MethodSize.of(train));
    assertEquals(
        MethodSize.of("a = c3.forward(a, false).output();"),
        MethodSize.of("a = c3.forward(a, false).output(); // \"c3\"; 1, 2 -> 3"));
  }
}
