package io.annet.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.shape.ShapeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: the generated source of each model in {@code src/test/resources/good/} is checked
 * in under {@code src/test/resources/expected/}, so a change to the generator shows up as a diff of
 * generated Java in review.
 *
 * <p>To regenerate the expected files from the current emitter after an intended change, run
 * {@code mvn -pl processor -am test -Dtest=GoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dannet.golden.update=true} and review the diff. The generated code needs the runtime module to
 * compile, which the processor must not depend on, so these tests compare source only; the
 * examples module compiles and runs generated networks.
 */
class GoldenFilesTest {
  private static final Path EXPECTED = Path.of("src/test/resources/expected");
  private static final String PROCESSOR = "io.annet.processor.AnnetProcessor";

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
    String actual = new NetworkEmitter().emit(table.get()).toString();
    Path expected = EXPECTED.resolve(name + "Network.java");
    if (Boolean.getBoolean("annet.golden.update")) {
      Files.writeString(expected, actual);
    }
    assertEquals(Files.readString(expected), actual, "regenerate with -Dannet.golden.update=true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void processorOutputIsSourceEquivalentToGoldenFile(String name, Supplier<ShapeTable> unused)
      throws ReflectiveOperationException {
    Processor processor = annetProcessor();
    Compilation compilation =
        javac()
            .withProcessors(processor)
            .compile(JavaFileObjects.forResource("good/" + name + ".java"));
    assertThat(compilation)
        .generatedSourceFile(TestTables.PACKAGE + "." + name + "Network")
        .hasSourceEquivalentTo(JavaFileObjects.forResource("expected/" + name + "Network.java"));
  }

  /** The processor, once the parse/shape helper has written it; skips the test until then. */
  private static Processor annetProcessor() throws ReflectiveOperationException {
    Class<?> type;
    try {
      type = Class.forName(PROCESSOR);
    } catch (ClassNotFoundException e) {
      type = null;
    }
    assumeTrue(type != null, PROCESSOR + " is not on the classpath yet");
    return (Processor) type.getDeclaredConstructor().newInstance();
  }
}
