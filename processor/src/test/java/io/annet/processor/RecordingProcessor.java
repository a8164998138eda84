package io.annet.processor;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Runs {@link AnnetProcessor} and records every source file it creates, with its originating
 * elements and its text. Generated networks need {@code io.annet.runtime}, which the processor
 * module must not depend on, so compilations of good models fail in javac (and compile-testing then
 * hides the generated files); this record is how the tests see what was generated regardless.
 */
public final class RecordingProcessor implements Processor {

  /**
   * One created source file.
   *
   * @param name the qualified type name
   * @param originatingElements the elements passed to the Filer
   * @param text receives everything written to the file
   */
  public record Created(String name, List<Element> originatingElements, StringWriter text) {
    /** The file's text as written so far. */
    public String source() {
      return text.toString();
    }
  }

  private final AnnetProcessor delegate = new AnnetProcessor();
  private final List<Created> created = new ArrayList<>();
  private final RuntimeException failure;

  /** A processor that records what {@link AnnetProcessor} writes. */
  public RecordingProcessor() {
    this(null);
  }

  /** A processor whose Filer throws {@code failure} on every source file, to test robustness. */
  public RecordingProcessor(RuntimeException failure) {
    this.failure = failure;
  }

  /** The source files created so far. */
  public List<Created> created() {
    return List.copyOf(created);
  }

  @Override
  public void init(ProcessingEnvironment env) {
    Filer filer = env.getFiler();
    Filer recording =
        new Filer() {
          @Override
          public JavaFileObject createSourceFile(CharSequence name, Element... origins)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            StringWriter copy = new StringWriter();
            created.add(new Created(name.toString(), Arrays.asList(origins), copy));
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
        };
    delegate.init(
        new ProcessingEnvironment() {
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
            return recording;
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
        });
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
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Iterable<? extends javax.annotation.processing.Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }
}
