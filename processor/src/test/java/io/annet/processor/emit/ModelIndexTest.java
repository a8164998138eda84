package io.annet.processor.emit;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.annet.processor.AnnetProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each generated network gets its own index resource, and a broken model none. */
class ModelIndexTest {
  @Test
  void everyGeneratedNetworkIsListedInItsOwnResource() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(SplitMethodsTest.chain("Small", 2));
    sources.add(SplitMethodsTest.chain("Other", 1));
    Compilation compilation = javac().withProcessors(new AnnetProcessor()).compile(sources);
    for (String name : List.of("Small", "Other")) {
      Optional<JavaFileObject> entry =
          compilation.generatedFile(
              StandardLocation.CLASS_OUTPUT,
              "",
              ModelIndex.DIRECTORY + "big." + name + "Network");
      assertTrue(entry.isPresent(), name + ": " + compilation.generatedFiles());
      assertEquals(
          "big." + name + "Network\nbig." + name + "\n",
          entry.get().getCharContent(true).toString());
    }
  }

  @Test
  void aBrokenModelGetsNoEntry(@TempDir Path out) throws IOException {
    Path src = Files.createDirectories(out.resolve("demo")).resolve("Broken.java");
    Files.writeString(src, "package demo;\n"
        + "import io.annet.dsl.*;\n"
        + "@Model(input = @Input(channels = 1, height = 8, width = 8), classes = 10)\n"
        + "interface Broken {\n"
        + "  @Conv(filters = 4, kernel = 3) Layer conv();\n"
        + "  @GlobalAvgPool Layer gap();\n"
        + "}\n");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      JavaCompiler.CompilationTask task = compiler.getTask(messages, files, null,
          List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path")),
          null, files.getJavaFileObjects(src.toFile()));
      task.setProcessors(List.of(new AnnetProcessor()));
      assertFalse(task.call());
    }
    assertTrue(messages.toString().contains("[annet.head-mismatch]"), messages.toString());
    assertFalse(Files.exists(out.resolve("META-INF")), "no index entry for a broken model");
  }
}
