package io.annet.examples.reliability;

import io.annet.processor.AnnetProcessor;
import io.annet.processor.LocalModelProcessor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles one source file with javac in this JVM, with a fresh {@link AnnetProcessor} and the
 * test class path, into a temporary directory; one file manager is shared between compilations so
 * the class path's jars are opened once.
 */
final class InProcessCompiler implements AutoCloseable {
  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final StandardJavaFileManager files;
  private final Path root;

  /** The result of one compilation. */
  record Result(
      boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classes,
      Path generated) {

    /** The error messages, one per diagnostic of kind ERROR. */
    List<String> errors() {
      List<String> out = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          out.add(d.getMessage(Locale.ROOT));
        }
      }
      return out;
    }

    /** The text of every diagnostic with its line, for failure messages. */
    String describe() {
      StringBuilder sb = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
        sb.append(d.getKind()).append(' ')
            .append(d.getSource() == null ? "" : d.getSource().getName())
            .append(':').append(d.getLineNumber()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
      }
      return sb.toString();
    }

    /** A class loader over the compiled classes, delegating to the test's class loader. */
    URLClassLoader loader() {
      try {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()},
            InProcessCompiler.class.getClassLoader());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  InProcessCompiler() throws IOException {
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
    }
    files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        classpath.add(new File(entry));
      }
    }
    files.setLocation(StandardLocation.CLASS_PATH, classpath);
    root = Files.createTempDirectory("annet-fuzz");
  }

  /** Compiles {@code source} (at {@code relativePath}) with Annet's processors. */
  Result compile(String relativePath, String source) throws IOException {
    return compile(relativePath, source, new AnnetProcessor(), new LocalModelProcessor());
  }

  /** Compiles {@code source} (at {@code relativePath}) with {@code processors}. */
  Result compile(String relativePath, String source, Processor... processors)
      throws IOException {
    Path dir = Files.createTempDirectory(root, "case");
    Path src = dir.resolve("src").resolve(relativePath);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Files.createDirectories(src.getParent());
    Files.writeString(src, source, StandardCharsets.UTF_8);
    files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
    files.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(generated.toFile()));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
        List.of("-implicit:class", "-Xlint:none", "-g:none"),
        null, files.getJavaFileObjects(src.toFile()));
    task.setProcessors(List.of(processors));
    boolean ok = task.call();
    return new Result(ok, diagnostics.getDiagnostics(), classes, generated);
  }

  /** The generated source files, for failure messages. */
  static String generatedSources(Result result) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> paths = Files.walk(result.generated())) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        sb.append("// ").append(p.getFileName()).append('\n').append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  /** Deletes the temporary files of one compilation. */
  void discard(Result result) throws IOException {
    delete(result.classes().getParent());
  }

  /** Deletes the temporary files of every compilation. */
  @Override
  public void close() throws IOException {
    files.close();
    delete(root);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
