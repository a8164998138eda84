package io.annet.examples.cli;

import io.annet.processor.AnnetProcessor;
import java.io.File;
import java.io.IOException;
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

/** Compiles a user's sources with the Annet processor and the test class path, as a build would. */
final class Javac {
  private Javac() {}

  /**
   * Writes {@code sources} (relative path to text) under {@code dir/src}, compiles them into
   * {@code dir/classes} and returns that directory; fails with javac's diagnostics otherwise.
   */
  static Path compile(Path dir, Map<String, String> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
    }
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    List<File> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path src = dir.resolve("src").resolve(e.getKey());
      Files.createDirectories(src.getParent());
      Files.writeString(src, e.getValue(), StandardCharsets.UTF_8);
      files.add(src.toFile());
    }
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<File> classpath = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          classpath.add(new File(entry));
        }
      }
      fm.setLocation(StandardLocation.CLASS_PATH, classpath);
      fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
      fm.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(generated.toFile()));
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              fm,
              diagnostics,
              List.of("--release", "17", "-implicit:class"),
              null,
              fm.getJavaFileObjectsFromFiles(files));
      task.setProcessors(List.of(new AnnetProcessor()));
      if (!task.call()) {
        StringBuilder sb = new StringBuilder("javac failed:\n");
        diagnostics
            .getDiagnostics()
            .forEach(d -> sb.append(d.getKind()).append(": ").append(d).append('\n'));
        throw new AssertionError(sb.toString());
      }
    }
    return classes;
  }
}
