package io.annet.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.AnnetProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Layer names of any length: the bound on a generated method's bytecode scans the generated text
 * in one linear pass (issue 11, item 8: a regular expression overflowed the stack on a layer name
 * of 2,000 characters, reported as {@code [annet.internal] StackOverflowError}).
 */
class LongNamesTest {

  @Test
  void theBoundOfAHugeStringLiteralIsThatOfOneLiteral() {
    String name = "a".repeat(1_000_000);
    assertEquals(3 + 4, MethodSize.of("\"" + name + "\";"));
    assertEquals(4 + 4, MethodSize.of(name + ";"));
    assertEquals(3 + 4, MethodSize.of("\"" + "\\\"".repeat(100_000) + "\"; // \"x\" 1, 2"));
  }

  @Test
  void aModelWithA20000CharacterLayerNameCompiles() {
    for (String split : List.of("0", "1")) {
      String name = "c" + "x".repeat(19_999);
      String model =
          "package big;\nimport io.annet.dsl.*;\n"
              + "@Model(input = @Input(channels = 1, height = 4, width = 4), classes = 4)\n"
              + "interface LongName {\n"
              + "  @Conv(filters = 1, kernel = 1) Layer " + name + "();\n"
              + "  @Conv(filters = 4, kernel = 4, activation = Activation.IDENTITY) Layer head();\n}\n";
      List<JavaFileObject> sources = new ArrayList<>();
      sources.add(JavaFileObjects.forSourceString("big.LongName", model));
      Compilation compilation =
          javac()
              .withOptions(List.of("-Aannet.splitMethods=" + split))
              .withProcessors(new AnnetProcessor())
              .compile(sources);
      assertThat(compilation).succeededWithoutWarnings();
    }
  }
}
