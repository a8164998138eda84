package io.annet.processor.emit;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjectSubject;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.RecordingProcessor;
import io.annet.processor.shape.ShapeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: the generated source of each model in {@code src/test/resources/good/} is checked
 * in under {@code src/test/resources/expected/}, so a change to the generator shows up as a diff of
 * generated Java in review.
 *
 * <p>To regenerate the expected files from the current emitter after an intended change, run
 * {@code mvn -pl processor -am test -Dtest=GoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dannet.golden.update=true}, run it once more without the flag (the processor test reads the copy
 * Maven made before the rewrite), and review the diff.
 *
 * <p>The generated code needs the runtime module, which the processor must not depend on, so javac
 * fails on it here: these tests compare source only ({@link RecordingProcessor} keeps the text that
 * compile-testing withholds from a failed compilation), and the examples module compiles and runs
 * generated networks.
 */
class GoldenFilesTest {
  private static final Path EXPECTED = Path.of("src/test/resources/expected");

  static Stream<Arguments> models() {
    return Stream.of(
        model("MnistGap", TestTables::mnistGap),
        model("NinCifar10", TestTables::ninCifar10),
        model("MnistFc", TestTables::mnistFc),
        model("InceptionHead", TestTables::inceptionHead));
  }

  private static Arguments model(String name, Supplier<ShapeTable> table) {
    return Arguments.of(name, table);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void emitterOutputEqualsGoldenFile(String name, Supplier<ShapeTable> table) throws IOException {
    assertGolden(name, new NetworkEmitter().emit(table.get()).toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void processorOutputIsSourceEquivalentToGoldenFile(String name, Supplier<ShapeTable> unused) {
    String qualified = TestTables.PACKAGE + "." + name + "Network";
    JavaFileObjectSubject.assertThat(
            JavaFileObjects.forSourceString(qualified, generate(name, qualified)))
        .hasSourceEquivalentTo(JavaFileObjects.forResource("expected/" + name + "Network.java"));
  }

  /**
   * Chains and graphs alike keep their code within 100 columns: a shape comment that would not
   * fit goes above its statement, and long calls wrap. Only the string constants (the spec and
   * the summary, one literal per line of text) may be longer.
   */
  @Test
  void generatedCodeLinesFitIn100Columns() throws IOException {
    try (Stream<Path> files = Files.list(EXPECTED)) {
      for (Path file : files.toList()) {
        for (String line : Files.readAllLines(file)) {
          boolean constant =
              line.trim().startsWith("+ \"") || line.contains(" String SUMMARY = \"");
          assertFalse(line.length() > 100 && !constant, file.getFileName() + ": " + line);
        }
      }
    }
  }

  /**
   * Graph models (blocks, repeats, merges, residual sums) are checked through the processor only:
   * their shape tables come from the parser's inlining, which a hand-built table would bypass.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ResidualInception"})
  void graphProcessorOutputEqualsGoldenFile(String name) throws Exception {
    assertGolden(name, generate(name, TestTables.PACKAGE + "." + name + "Network"));
  }

  /** The companion of a block (its input names, for class-file readers) is a golden file too. */
  @Test
  void blockCompanionEqualsGoldenFile() throws Exception {
    String companion = TestTables.PACKAGE + ".Branches_AnnetInputs";
    RecordingProcessor processor = new RecordingProcessor();
    javac()
        .withProcessors(processor)
        .compile(JavaFileObjects.forResource("good/ResidualInception.java"));
    List<RecordingProcessor.Created> created = processor.created();
    assertEquals(
        List.of(companion, TestTables.PACKAGE + ".ResidualInceptionNetwork"),
        created.stream().map(RecordingProcessor.Created::name).toList());
    Path expected = EXPECTED.resolve("Branches_AnnetInputs.java");
    if (Boolean.getBoolean("annet.golden.update")) {
      Files.writeString(expected, created.get(0).source());
    }
    assertEquals(Files.readString(expected), created.get(0).source());
  }

  /**
   * Runs the processor on {@code good/<name>.java}, asserts that Annet reported nothing and wrote
   * {@code qualified} (besides the companions of blocks, see {@link
   * #blockCompanionEqualsGoldenFile}), and returns its text. (javac then fails on the generated
   * file, as the runtime is not on this module's classpath.)
   */
  private static String generate(String name, String qualified) {
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(processor)
            .compile(JavaFileObjects.forResource("good/" + name + ".java"));
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      assertFalse(message.contains("[annet."), message);
    }
    List<RecordingProcessor.Created> created =
        processor.created().stream().filter(c -> !c.name().endsWith("_AnnetInputs")).toList();
    assertEquals(
        List.of(qualified), created.stream().map(RecordingProcessor.Created::name).toList());
    return created.get(0).source();
  }

  /** Compares {@code actual} with {@code expected/<name>Network.java}, or rewrites it on request. */
  private static void assertGolden(String name, String actual) throws IOException {
    Path expected = EXPECTED.resolve(name + "Network.java");
    if (Boolean.getBoolean("annet.golden.update")) {
      Files.writeString(expected, actual);
    }
    assertEquals(Files.readString(expected), actual, "regenerate with -Dannet.golden.update=true");
  }
}
