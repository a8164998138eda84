package io.annet.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Message;
import io.annet.processor.emit.NetworkEmitter;
import io.annet.processor.parse.ModelParser;
import io.annet.processor.parse.ParsedModel;
import io.annet.processor.shape.InferenceResult;
import io.annet.processor.shape.ShapeInference;
import io.annet.processor.shape.ShapeTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The Annet annotation processor: for each {@code @Model} interface it wires the phases parse ->
 * shape -> emit, reports every problem of the model at once, and writes {@code <Interface>Network}
 * only for a clean model. One bad model never stops the others, and no exception escapes.
 */
@AutoService(Processor.class)
public final class AnnetProcessor extends AbstractProcessor {

  static final String MODEL = "io.annet.dsl.Model";

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(MODEL);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement model = processingEnv.getElementUtils().getTypeElement(MODEL);
    if (model == null) {
      return false;
    }
    for (Element element : round.getElementsAnnotatedWith(model)) {
      DiagnosticReport report = new DiagnosticReport();
      Throwable failure = null;
      try {
        process(element, report);
      } catch (Throwable t) {
        failure = t; // reported after the problems already found, which are still true
      }
      report.printTo(processingEnv.getMessager());
      if (failure != null) {
        internalError(element, failure);
      }
    }
    return false;
  }

  /** Parses, checks and, when clean, generates one model; problems go to {@code report}. */
  private void process(Element element, DiagnosticReport report) throws IOException {
    Optional<ParsedModel> parsed = new ModelParser(processingEnv, report).parse(element);
    if (parsed.isEmpty()) {
      return;
    }
    ParsedModel model = parsed.get();
    ShapeInference inference = new ShapeInference();
    if (!model.complete()) {
      model.reportAll(inference.checkAttributes(model.spec()), report);
      return;
    }
    InferenceResult result = inference.infer(model.spec());
    model.reportAll(result.problems(), report);
    Optional<ShapeTable> table = result.cleanTable();
    if (report.hasErrors() || table.isEmpty()) {
      return;
    }
    JavaFile file = new NetworkEmitter().emit(table.get(), model.type());
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (FilerException e) {
      String name =
          file.packageName().isEmpty()
              ? file.typeSpec().name()
              : file.packageName() + "." + file.typeSpec().name();
      report.add(
          Message.NAME_TAKEN,
          Message.NAME_TAKEN.format(name, "written already in this compilation: " + e.getMessage()),
          model.type(),
          model.model(),
          null);
    }
  }

  /** One error on the model for an unexpected failure, with the stack trace's first line. */
  private void internalError(Element element, Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    String[] lines = trace.toString().split("\\R");
    String first = lines[0] + (lines.length > 1 ? " " + lines[1].trim() : "");
    AnnotationMirror mirror = null;
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (m.getAnnotationType().toString().equals(MODEL)) {
        mirror = m;
      }
    }
    processingEnv
        .getMessager()
        .printMessage(
            Diagnostic.Kind.ERROR,
            Message.INTERNAL.tagged(Message.INTERNAL.format(first)),
            element,
            mirror,
            null);
  }
}
