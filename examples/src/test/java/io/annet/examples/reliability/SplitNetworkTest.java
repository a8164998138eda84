package io.annet.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.processor.AnnetProcessor;
import io.annet.runtime.Network;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Networks whose generated methods are split into chunks (docs/DESIGN.md, "Split methods"): a
 * 3,000-layer chain, far over the JVM's 64 KB per method unsplit, compiles and trains; and a small
 * chain and a small graph split by force ({@code -Aannet.splitMethods=N}) compute exactly what
 * their unsplit forms compute: the same probabilities, loss, gradients and class activation maps.
 */
class SplitNetworkTest {
  @TempDir Path dir;

  private static final String SMALL =
      """
      package split;
      import io.annet.dsl.*;
      @Model(input = @Input(channels = 2, height = 6, width = 6), classes = 3)
      interface Small {
        @Conv(filters = 4, kernel = 3, padding = 1) Layer c1();
        @BatchNorm Layer bn1();
        @MaxPool(kernel = 2, stride = 2) Layer pool1();
        @MlpConv(filters = {5, 4}, kernel = 1) Layer block();
        @Conv(filters = 4, kernel = 1, activation = Activation.TANH) Layer t1();
        @Conv(filters = 4, kernel = 1, activation = Activation.SIGMOID) Layer t2();
        @AvgPool(kernel = 1) Layer t3();
        @Conv(filters = 4, kernel = 1, activation = Activation.LEAKY_RELU) Layer t4();
        @BatchNorm(activation = Activation.RELU) Layer bn2();
        @Conv(filters = 6, kernel = 1) Layer t5();
        @GlobalAvgPool Layer gap();
        @Dense(units = 3, activation = Activation.IDENTITY) Layer logits();
      }
      """;

  private static final String MINI =
      """
      package split;
      import io.annet.dsl.*;
      @Block
      interface Mini {
        @Conv(filters = 2, kernel = 1) Layer b1(Layer input);
        @Conv(filters = 3, kernel = 3, padding = 1) Layer b2(Layer input);
        @MaxPool(kernel = 3, stride = 1, padding = 1) Layer b3(Layer input);
        @Concat Layer out(Layer b1, Layer b2, Layer b3);
      }
      """;

  /** Branches, a repeated block, a residual sum, nodes with several consumers, a CAM head. */
  private static final String GRAPH =
      """
      package split;
      import io.annet.dsl.*;
      @Model(input = @Input(channels = 2, height = 6, width = 6), classes = 3)
      interface Graph {
        @Conv(filters = 4, kernel = 3, padding = 1) Layer stem();
        @Repeat(2) @Use(Mini.class) Layer mixed();
        @Conv(filters = 14, kernel = 1, activation = Activation.IDENTITY) Layer proj();
        @BatchNorm Layer bn(Layer proj);
        @Add(activation = Activation.RELU) Layer sum(Layer bn, Layer mixed);
        @GlobalAvgPool Layer gap();
        @Dense(units = 3, activation = Activation.IDENTITY) Layer logits();
      }
      """;

  /**
   * Nodes named like the locals generated for other nodes: the record of {@code gradX} and the
   * gradient of {@code xOut} would both be {@code gradXOut}; {@code grad}, {@code loss}, {@code
   * labels}, {@code x} like fixed locals.
   */
  private static final String CLASH =
      """
      package split;
      import io.annet.dsl.*;
      @Model(input = @Input(channels = 2, height = 6, width = 6), classes = 3)
      interface Clash {
        @Conv(filters = 4, kernel = 3, padding = 1) Layer conv(Layer input);
        @Conv(filters = 4, kernel = 3, padding = 1) Layer convOut(Layer conv);
        @Add Layer grad(Layer conv, Layer convOut);
        @Conv(filters = 4, kernel = 1) Layer loss(Layer grad);
        @Conv(filters = 4, kernel = 1) Layer labels(Layer grad);
        @Concat Layer x(Layer loss, Layer labels);
        @Conv(filters = 4, kernel = 1) Layer gradX(Layer x);
        @Concat Layer head(Layer gradX, Layer x, Layer grad);
        @Conv(filters = 3, kernel = 1) Layer xOut(Layer head);
        @GlobalAvgPool Layer gap();
      }
      """;

  /** Compiles {@code sources} (name -> text) with the processor and {@code options}. */
  private URLClassLoader compile(String name, Map<String, String> sources, List<String> options)
      throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path src = Files.createDirectories(dir.resolve(name).resolve("src/split"));
    Path classes = Files.createDirectories(dir.resolve(name).resolve("classes"));
    List<File> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey() + ".java");
      Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      files.add(file.toFile());
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<File> classpath = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        classpath.add(new File(entry));
      }
      fm.setLocation(StandardLocation.CLASS_PATH, classpath);
      fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
      fm.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(classes.toFile()));
      List<String> args = new ArrayList<>(List.of("-implicit:class", "-g:none"));
      args.addAll(options);
      JavaCompiler.CompilationTask task =
          javac.getTask(null, fm, diagnostics, args, null, fm.getJavaFileObjectsFromFiles(files));
      task.setProcessors(List.of(new AnnetProcessor()));
      assertTrue(task.call(), () -> diagnostics.getDiagnostics().toString());
    }
    return new URLClassLoader(
        new URL[] {classes.toUri().toURL()}, SplitNetworkTest.class.getClassLoader());
  }

  private static Network create(URLClassLoader loader, String type) throws Exception {
    return (Network)
        loader
            .loadClass(type)
            .getMethod("create", long.class, DataType.class)
            .invoke(null, 7L, DataType.DOUBLE);
  }

  private static String generated(URLClassLoader loader, String name) throws Exception {
    return Files.readString(
        Path.of(loader.getURLs()[0].toURI()).resolve("split/" + name + "Network.java"));
  }

  @Test
  void aThreeThousandLayerChainCompilesAndTrains() throws Exception {
    StringBuilder s = new StringBuilder("package split;\nimport io.annet.dsl.*;\n");
    s.append("@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 4)\n");
    s.append("interface Chain3000 {\n");
    for (int i = 0; i < 2_999; i++) {
      s.append("  @Conv(filters = 1, kernel = 1, activation = Activation.TANH) Layer c")
          .append(i)
          .append("();\n");
    }
    s.append("  @Conv(filters = 4, kernel = 4, activation = Activation.IDENTITY) Layer head();\n");
    s.append("}\n");
    try (URLClassLoader loader = compile("big", Map.of("Chain3000", s.toString()), List.of())) {
      assertTrue(generated(loader, "Chain3000").contains("trainForward0(x);"), "split");
      Network net = create(loader, "split.Chain3000Network");
      assertEquals(3_001, net.layers().size() + 1, "3,000 layers and the implicit softmax");
      assertEquals(6_000, net.parameters().size(), "a weight and a bias per convolution");
      INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4);
      double loss = net.computeGradients(x, new int[] {1, 3});
      assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
      for (Map.Entry<String, INDArray> g : net.gradients().entrySet()) {
        assertTrue(Double.isFinite(g.getValue().sumNumber().doubleValue()), g.getKey());
      }
      // (p - y) / N reaches the (linear) head's bias whatever 3,000 tanh layers made of x.
      assertTrue(net.gradients().get("head.bias").norm2Number().doubleValue() > 0.1);
      INDArray p = net.predict(x);
      assertArrayEquals(new long[] {2, 4}, p.shape());
      assertEquals(2.0, p.sumNumber().doubleValue(), 1e-9, "rows of probabilities");
    }
  }

  @Test
  void aSplitChainComputesExactlyWhatItsUnsplitFormComputes() throws Exception {
    try (URLClassLoader whole = compile("whole", Map.of("Small", SMALL), List.of());
        URLClassLoader split =
            compile("split", Map.of("Small", SMALL), List.of("-Aannet.splitMethods=4"))) {
      assertTrue(!generated(whole, "Small").contains("kernels0"), "unsplit without the option");
      String source = generated(split, "Small");
      assertTrue(source.contains("kernels3(") && !source.contains("kernels4("), source);
      assertSameComputation(whole, split, "split.SmallNetwork", "c1.weight");
    }
  }

  @Test
  void aSplitGraphComputesExactlyWhatItsUnsplitFormComputes() throws Exception {
    Map<String, String> sources = Map.of("Mini", MINI, "Graph", GRAPH);
    try (URLClassLoader whole = compile("wholeGraph", sources, List.of());
        URLClassLoader split = compile("splitGraph", sources, List.of("-Aannet.splitMethods=3"))) {
      assertTrue(!generated(whole, "Graph").contains("grads"), "unsplit without the option");
      String source = generated(split, "Graph");
      assertTrue(source.contains("backward4();") && !source.contains("kernels5("), source);
      assertSameComputation(whole, split, "split.GraphNetwork", "stem.weight");
    }
  }

  @Test
  void nodesNamedLikeOtherNodesLocalsCompileSplitOrNot() throws Exception {
    Map<String, String> sources = Map.of("Clash", CLASH);
    try (URLClassLoader whole = compile("wholeClash", sources, List.of());
        URLClassLoader split = compile("splitClash", sources, List.of("-Aannet.splitMethods=3"))) {
      assertSameComputation(whole, split, "split.ClashNetwork", "conv.weight");
    }
  }

  /**
   * Issue 16: with every prefix of the layers frozen, split and unsplit forms stop their backward
   * at the same layer: a frozen layer's gradients (NaN sentinels, which a backward would set) are
   * never written, the others equal bit for bit.
   */
  @Test
  void splitAndUnsplitFormsStopTheirBackwardAtTheFirstLayerThatTrains() throws Exception {
    Map<String, String> graph = Map.of("Mini", MINI, "Graph", GRAPH);
    try (URLClassLoader wholeChain = compile("fw", Map.of("Small", SMALL), List.of());
        URLClassLoader splitChain =
            compile("fs", Map.of("Small", SMALL), List.of("-Aannet.splitMethods=4"));
        URLClassLoader wholeGraph = compile("gw", graph, List.of());
        URLClassLoader splitGraph = compile("gs", graph, List.of("-Aannet.splitMethods=3"))) {
      assertSameStops(wholeChain, splitChain, "split.SmallNetwork");
      assertSameStops(wholeGraph, splitGraph, "split.GraphNetwork");
    }
  }

  private static void assertSameStops(URLClassLoader whole, URLClassLoader split, String type)
      throws Exception {
    List<String> names = create(whole, type).layers().stream().map(l -> l.name()).toList();
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 6, 6);
    for (int k = 1; k <= names.size(); k++) {
      Network a = create(whole, type);
      Network b = create(split, type);
      String[] frozen = names.subList(0, k).toArray(String[]::new);
      a.freeze(frozen);
      b.freeze(frozen);
      Map<String, INDArray> ga = kernelGradients(a);
      Map<String, INDArray> gb = kernelGradients(b);
      ga.values().forEach(g -> g.assign(Double.NaN));
      gb.values().forEach(g -> g.assign(Double.NaN));
      assertEquals(a.computeGradients(x, new int[] {0, 2, 1}),
          b.computeGradients(x, new int[] {0, 2, 1}));
      for (String key : ga.keySet()) {
        boolean trains = a.gradients().containsKey(key);
        assertEquals(trains, !ga.get(key).isNaN().any(), k + " frozen: " + key);
        assertEquals(trains, !gb.get(key).isNaN().any(), k + " frozen, split: " + key);
        if (trains) {
          assertEquals(ga.get(key), gb.get(key), k + " frozen: " + key);
        }
      }
    }
  }

  /** Every trainable parameter's gradient array, frozen or not, by name. */
  private static Map<String, INDArray> kernelGradients(Network net) {
    Map<String, INDArray> out = new java.util.LinkedHashMap<>();
    java.util.ArrayDeque<io.annet.dsl.Layer> todo = new java.util.ArrayDeque<>(net.layers());
    while (!todo.isEmpty()) {
      io.annet.dsl.Layer l = todo.poll();
      if (l instanceof io.annet.runtime.layers.BlockHandle h) {
        todo.addAll(h.members());
      } else if (l instanceof io.annet.runtime.layers.Kernel<?> kernel) {
        kernel.parameters().stream().filter(p -> p.trainable())
            .forEach(p -> out.put(p.name(), p.gradient()));
      }
    }
    return out;
  }

  /** Same seed: the same parameters, then the same loss, gradients, outputs and maps. */
  private static void assertSameComputation(
      URLClassLoader whole, URLClassLoader split, String type, String first) throws Exception {
    Network a = create(whole, type);
    Network b = create(split, type);
    assertEquals(a.parameters().keySet(), b.parameters().keySet());
    for (String k : a.parameters().keySet()) {
      assertEquals(a.parameters().get(k), b.parameters().get(k), "same seed, same " + k);
    }
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 6, 6);
    int[] labels = {0, 2, 1};
    for (int step = 0; step < 2; step++) {
      double loss = a.computeGradients(x, labels);
      assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
      assertEquals(loss, b.computeGradients(x, labels));
      // The gradient reaches the first layer (backward ran all the way), and equals bit for bit.
      assertTrue(a.gradients().get(first).norm2Number().doubleValue() > 0, first);
      for (String k : a.gradients().keySet()) {
        assertEquals(a.gradients().get(k), b.gradients().get(k), k);
      }
    }
    assertEquals(a.predict(x), b.predict(x));
    Method cam = a.getClass().getMethod("classActivationMap", INDArray.class, int.class);
    Object expected = cam.invoke(a, x, 2);
    assertEquals(
        expected,
        b.getClass().getMethod("classActivationMap", INDArray.class, int.class).invoke(b, x, 2));
  }
}
