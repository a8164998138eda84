package io.annet.processor.emit;

import java.io.IOException;
import java.io.Writer;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/annet/models/<generated class>} next to the classes, one small resource
 * per generated network (its class name, then its interface's), so that tools such as the {@code
 * annet} command line can list and find the networks on a classpath. One file per model, whose
 * only originating element is that model's interface, keeps the processor Gradle-isolating.
 */
public final class ModelIndex {
  /** The resource directory, with its trailing slash. */
  public static final String DIRECTORY = "META-INF/annet/models/";

  private ModelIndex() {}

  /** Writes the entry of {@code generatedClass}, generated from {@code model}. */
  public static void write(Filer filer, String generatedClass, TypeElement model)
      throws IOException {
    FileObject file =
        filer.createResource(StandardLocation.CLASS_OUTPUT, "", DIRECTORY + generatedClass, model);
    try (Writer w = file.openWriter()) {
      w.write(generatedClass + "\n" + model.getQualifiedName() + "\n");
    }
  }
}
