package io.annet.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Message;
import io.annet.processor.emit.BlockInputsEmitter;
import io.annet.processor.emit.MethodLimits;
import io.annet.processor.emit.ModelIndex;
import io.annet.processor.emit.NetworkEmitter;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.parse.BlockInputNames;
import io.annet.processor.parse.ModelParser;
import io.annet.processor.parse.ParsedModel;
import io.annet.processor.shape.InferenceResult;
import io.annet.processor.shape.ShapeInference;
import io.annet.processor.shape.ShapeProblem;
import io.annet.processor.shape.ShapeProblem.Anchor;
import io.annet.processor.shape.SoftmaxFeed;
import io.annet.processor.shape.ShapeTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
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
  static final String BLOCK = "io.annet.dsl.Block";
  static final String DSL_ANNOTATIONS = "io.annet.dsl.*";
  static final String GENERATED = "javax.annotation.processing.Generated";

  /** {@code -Aannet.splitMethods=N}: split every network of more than N layers (0: if needed). */
  static final String SPLIT_METHODS = "annet.splitMethods";

  private int splitMethods = -1;

  /**
   * Every annotation of {@code io.annet.dsl}, and the {@code @Generated} Annet puts on the classes
   * it writes (seen in the next round): the processor claims them all, so that javac's {@code
   * -Xlint:processing} finds none unclaimed (a warning, an error under {@code -Werror}).
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(DSL_ANNOTATIONS, GENERATED);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SPLIT_METHODS);
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
    if (splitMethods < 0) {
      splitMethods = splitMethodsOption();
    }
    TypeElement block = processingEnv.getElementUtils().getTypeElement(BLOCK);
    Set<? extends Element> blocks =
        block == null ? Set.of() : round.getElementsAnnotatedWith(block);
    for (Element element : blocks) {
      try {
        writeBlockInputs(element);
      } catch (Throwable t) {
        internalError(element, t);
      }
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
    return true; // io.annet.dsl's annotations are Annet's alone; @Generated is on what it wrote
  }

  /** Writes the companion holding a block's input names (see {@link BlockInputNames}). */
  private void writeBlockInputs(Element element) throws IOException {
    if (element.getKind() != ElementKind.INTERFACE) {
      return; // reported where the block is used
    }
    TypeElement type = (TypeElement) element;
    String inputs = BlockInputNames.encode(type);
    if (inputs.isEmpty()) {
      return; // a chain: nothing to name
    }
    String name = BlockInputNames.companionName(type);
    try {
      BlockInputsEmitter.emit(type, name, BlockInputNames.FIELD, inputs)
          .writeTo(processingEnv.getFiler());
    } catch (FilerException e) {
      // Written already in this compilation (a block reached in two rounds): the same content.
    }
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
      model.reportAll(inference.checkAttributes(model.spec()), report, this::hasSource);
      return;
    }
    InferenceResult result = inference.infer(model.spec());
    model.reportAll(result.problems(), report, this::hasSource);
    Optional<ShapeTable> table = result.cleanTable();
    if (!report.hasErrors() && table.isPresent()) {
      checkScores(model, report);
    }
    if (report.hasErrors() || table.isEmpty()) {
      return;
    }
    Optional<MethodLimits.Oversize> oversize = MethodLimits.check(table.get(), splitMethods);
    if (oversize.isPresent()) {
      MethodLimits.Oversize o = oversize.get();
      report.add(
          Message.METHOD_TOO_LARGE,
          Message.METHOD_TOO_LARGE.format(
              model.spec().interfaceName(),
              table.get().rows().size(),
              o.method(),
              o.bytes(),
              o.limit()),
          model.type(),
          model.model(),
          null);
      return;
    }
    JavaFile file = new NetworkEmitter(splitMethods).emit(table.get(), model.type());
    try {
      file.writeTo(processingEnv.getFiler());
      ModelIndex.write(processingEnv.getFiler(), generatedName(file), model.type());
    } catch (FilerException e) {
      String name = generatedName(file);
      report.add(
          Message.NAME_TAKEN,
          Message.NAME_TAKEN.format(name, "written already in this compilation: " + e.getMessage()),
          model.type(),
          model.model(),
          null);
    }
  }

  /**
   * Reports the silent training trap: a layer feeding the softmax directly that keeps its default
   * ReLU. A written-out activation is a deliberate choice and passes.
   */
  private void checkScores(ParsedModel model, DiagnosticReport report) {
    OptionalInt found = SoftmaxFeed.rectifiedScores(model.spec());
    if (found.isEmpty() || model.layers().get(found.getAsInt()).value("activation") != null) {
      return;
    }
    int j = found.getAsInt();
    List<LayerSpec> layers = model.spec().layers();
    LayerSpec layer = layers.get(j);
    LayerSpec last = layers.get(layers.size() - 1);
    String softmax =
        last instanceof SoftmaxSpec
            ? "@Softmax " + last.name()
            : "implicit softmax after the last layer";
    String fix =
        layer instanceof MlpConvSpec one && one.filters().size() == 1
            ? "Use @Conv with activation = IDENTITY instead of this one-convolution @MlpConv"
            : layer instanceof MlpConvSpec mlp
            ? "End the @MlpConv one convolution earlier and add @Conv(filters = "
                + mlp.filters().get(mlp.filters().size() - 1)
                + ", kernel = 1, activation = IDENTITY) after it"
            : "Set activation = IDENTITY on it (the linear last layer Keras and PyTorch users"
                + " know)";
    String what = layer.name() + " (@" + layer.kind() + ")";
    Message m = Message.ACTIVATION_BEFORE_SOFTMAX;
    model.reportAll(
        List.of(new ShapeProblem(m, m.format(what, softmax, fix), Anchor.layer(j, null))),
        report,
        this::hasSource);
  }

  private static String generatedName(JavaFile file) {
    return file.packageName().isEmpty()
        ? file.typeSpec().name()
        : file.packageName() + "." + file.typeSpec().name();
  }

  /** The value of {@link #SPLIT_METHODS}, 0 when absent; an error (and 0) when malformed. */
  private int splitMethodsOption() {
    String value = processingEnv.getOptions().get(SPLIT_METHODS);
    if (value == null) {
      return 0;
    }
    try {
      int layers = Integer.parseInt(value.trim());
      if (layers >= 0) {
        return layers;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    processingEnv
        .getMessager()
        .printMessage(
            Diagnostic.Kind.ERROR,
            Message.BAD_OPTION.tagged(Message.BAD_OPTION.format(SPLIT_METHODS, value)));
    return 0;
  }

  /** Whether javac can point into {@code element}'s source (false for class files). */
  private boolean hasSource(Element element) {
    try {
      return com.sun.source.util.Trees.instance(processingEnv).getPath(element) != null;
    } catch (RuntimeException | LinkageError e) {
      return true; // not javac: report as before
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
