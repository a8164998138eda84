package io.annet.processor.emit;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Wraps a processor and keeps the text of every source file it writes. Generated networks need the
 * runtime, which the processor module must not depend on, so javac fails on them after processing;
 * compile-testing then hides the generated files, and this is how golden tests still see them.
 */
final class CapturingProcessor implements Processor {
  private final Processor delegate;
  private final Map<String, StringWriter> sources = new LinkedHashMap<>();

  CapturingProcessor(Processor delegate) {
    this.delegate = delegate;
  }

  /** The text written for {@code qualifiedName}, or null when the processor wrote no such file. */
  String source(String qualifiedName) {
    StringWriter text = sources.get(qualifiedName);
    return text == null ? null : text.toString();
  }

  /** The qualified names of every source file written, in order. */
  Set<String> names() {
    return sources.keySet();
  }

  @Override
  public void init(ProcessingEnvironment env) {
    delegate.init(new Env(env, new TeeFiler(env.getFiler())));
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public Iterable<? extends Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }

  /** A filer whose source files also write into {@link #sources}. */
  private final class TeeFiler implements Filer {
    private final Filer filer;

    TeeFiler(Filer filer) {
      this.filer = filer;
    }

    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... origins)
        throws IOException {
      StringWriter copy = new StringWriter();
      sources.put(name.toString(), copy);
      return new ForwardingJavaFileObject<>(filer.createSourceFile(name, origins)) {
        @Override
        public Writer openWriter() throws IOException {
          return new FilterWriter(super.openWriter()) {
            @Override
            public void write(int c) throws IOException {
              super.write(c);
              copy.write(c);
            }

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
              super.write(buffer, offset, length);
              copy.write(buffer, offset, length);
            }

            @Override
            public void write(String text, int offset, int length) throws IOException {
              super.write(text, offset, length);
              copy.write(text, offset, length);
            }
          };
        }
      };
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... origins)
        throws IOException {
      return filer.createClassFile(name, origins);
    }

    @Override
    public FileObject createResource(
        JavaFileManager.Location location,
        CharSequence pkg,
        CharSequence relativeName,
        Element... origins)
        throws IOException {
      return filer.createResource(location, pkg, relativeName, origins);
    }

    @Override
    public FileObject getResource(
        JavaFileManager.Location location, CharSequence pkg, CharSequence relativeName)
        throws IOException {
      return filer.getResource(location, pkg, relativeName);
    }
  }

  /** The compiler's environment with the filer replaced. */
  private record Env(ProcessingEnvironment env, Filer filer) implements ProcessingEnvironment {
    @Override
    public Map<String, String> getOptions() {
      return env.getOptions();
    }

    @Override
    public Messager getMessager() {
      return env.getMessager();
    }

    @Override
    public Filer getFiler() {
      return filer;
    }

    @Override
    public Elements getElementUtils() {
      return env.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return env.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return env.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return env.getLocale();
    }
  }
}
