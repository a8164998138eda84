package io.annet.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles test sources through {@link AnnetProcessor} for the diagnostics tests. */
public final class BadSources {

  private BadSources() {}

  /** The source {@code src/test/resources/bad/<name>.java}. */
  public static JavaFileObject bad(String name) {
    return JavaFileObjects.forResource("bad/" + name + ".java");
  }

  /** Compiles {@code sources} with the processor. */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(new RecordingProcessor(), sources);
  }

  /** Compiles {@code sources} with {@code processor}, which records what it generates. */
  public static Compilation compile(RecordingProcessor processor, JavaFileObject... sources) {
    return javac().withProcessors(processor).compile(sources);
  }

  /** The messages of kind {@code kind} that carry an Annet tag. */
  public static List<String> annet(Compilation compilation, Diagnostic.Kind kind) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() == kind)
        .map(d -> d.getMessage(null))
        .filter(m -> m.contains("[annet."))
        .collect(Collectors.toList());
  }
}
