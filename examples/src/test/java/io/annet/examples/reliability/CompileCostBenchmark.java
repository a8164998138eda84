package io.annet.examples.reliability;

import io.annet.processor.AnnetProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Prints how the processor's time grows with the number of layers (10, 100 and 1,000 by default,
 * or the sizes given as arguments): per size the median over several compilations of the time
 * spent inside {@link AnnetProcessor} and of the whole javac run (which also compiles the
 * generated class). Not a test: run it with the examples' test class path, e.g.
 *
 * <pre>
 * mvn -q -o -pl examples -am test-compile
 * mvn -q -o -pl examples dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp examples/target/test-classes:examples/target/classes:$(cat /tmp/cp.txt) \
 *     io.annet.examples.reliability.CompileCostBenchmark
 * </pre>
 */
public final class CompileCostBenchmark {
  private static final int REPEATS = 5;

  private CompileCostBenchmark() {}

  /** The processor, timing its {@code process} calls. */
  private static final class Timed extends AbstractProcessor {
    private final AnnetProcessor inner = new AnnetProcessor();
    long nanos;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      long t = System.nanoTime();
      super.init(env);
      inner.init(env);
      nanos += System.nanoTime() - t;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      long t = System.nanoTime();
      try {
        return inner.process(annotations, round);
      } finally {
        nanos += System.nanoTime() - t;
      }
    }
  }

  /** A valid model of {@code layers} layers: same-shape convolutions and batch norms, a head. */
  static String model(String name, int layers) {
    StringBuilder s = new StringBuilder("package bench;\n\nimport io.annet.dsl.*;\n\n");
    s.append("@Model(input = @Input(channels = 4, height = 8, width = 8), classes = 4)\n");
    s.append("public interface ").append(name).append(" {\n");
    for (int i = 0; i < layers - 2; i++) {
      s.append(i % 2 == 0 ? "  @Conv(filters = 4, kernel = 3, padding = 1)\n" : "  @BatchNorm\n");
      s.append("  Layer layer").append(i).append("();\n");
    }
    s.append("  @GlobalAvgPool\n  Layer gap();\n");
    s.append("  @Dense(units = 4, activation = Activation.IDENTITY)\n  Layer logits();\n}\n");
    return s.toString();
  }

  /** Arguments: layer counts (default 10 100 1000). */
  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10, 100, 1000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    try (InProcessCompiler compiler = new InProcessCompiler()) {
      // Warm up javac and the processor so that the first size is not charged for class loading.
      for (int i = 0; i < 5; i++) {
        compiler.discard(compiler.compile("bench/Warm.java", model("Warm", 50)));
      }
      System.out.printf("%8s %14s %14s %16s%n", "layers", "processor ms", "javac ms",
          "processor us/layer");
      for (int layers : sizes) {
        List<Long> processing = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        String source = model("Net" + layers, layers);
        for (int r = 0; r < REPEATS; r++) {
          Timed timed = new Timed();
          long t = System.nanoTime();
          InProcessCompiler.Result result = compiler.compile("bench/Net" + layers + ".java",
              source, timed);
          total.add(System.nanoTime() - t);
          processing.add(timed.nanos);
          if (!result.success()) {
            throw new IllegalStateException("the " + layers + "-layer model does not compile:\n"
                + result.describe());
          }
          compiler.discard(result);
        }
        long p = median(processing);
        System.out.printf("%8d %14.1f %14.1f %16.1f%n", layers, p / 1e6, median(total) / 1e6,
            p / 1e3 / layers);
      }
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
