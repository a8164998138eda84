package io.annet.processor.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PROTECTED;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;

/**
 * Generates {@code <Interface>Network} from a model's shape table: the class docs/DESIGN.md
 * describes ("The generated class"), pure and deterministic, testable without javac.
 */
public final class NetworkEmitter {
  private final int maxChunk;

  /** An emitter that splits a network's methods only when one would be too large for the JVM. */
  public NetworkEmitter() {
    this(0);
  }

  /**
   * An emitter that also splits every network of more than {@code maxChunk} layers into methods of
   * at most that many layers (0: only when needed), the processor option {@code
   * -Aannet.splitMethods}; the generated network computes the same either way.
   */
  public NetworkEmitter(int maxChunk) {
    if (maxChunk < 0) {
      throw new IllegalArgumentException("expected maxChunk >= 0, found " + maxChunk);
    }
    this.maxChunk = maxChunk;
  }

  /** Generates the network class of {@code table} with no originating element. */
  public JavaFile emit(ShapeTable table) {
    return emit(table, null);
  }

  /**
   * Generates the network class of {@code table}; {@code originatingElement} (the {@code @Model}
   * interface, may be null) lets incremental builds tie the generated file to its source.
   */
  public JavaFile emit(ShapeTable table, Element originatingElement) {
    ModelSpec model = table.model();
    NetworkForm form = new NetworkForm(table);
    ClassName self = ClassName.get(model.packageName(), model.className());
    ClassName iface = interfaceName(model);
    String summary = SummaryTable.format(table, form.implicitSoftmax());
    TypeSpec.Builder type = classHeader(table, self, iface, summary, originatingElement);
    form.fields().forEach(type::addField);
    CodeBlock construct = form.construct();
    CodeBlock forward = form.forward();
    CodeBlock trainStep = form.trainStep();
    Optional<CodeBlock> cam = form.classActivationMap();
    Optional<SplitPasses> split = form.split(maxChunk);
    if (split.isPresent()) {
      SplitPasses chunks = split.get();
      chunks.fields().forEach(type::addField);
      construct = chunks.constructorBody();
      forward = chunks.forward();
      trainStep = chunks.trainStep();
      cam = chunks.classActivationMap();
    }
    type.addMethod(constructorStart().addCode(construct).build());
    FactoryMethods.add(type, self);
    form.accessors().forEach(type::addMethod);
    addPasses(type, model, forward, trainStep, form.trainNote());
    if (cam.isPresent()) {
      type.addMethod(classActivationMap(form.camJavadoc(), cam.get()));
    }
    split.ifPresent(chunks -> chunks.helpers().forEach(type::addMethod));
    return JavaFile.builder(model.packageName(), type.build())
        .indent("  ")
        .skipJavaLangImports(true)
        .build();
  }

  /**
   * The generated class's declaration, shared by chains and graphs: Javadoc with the summary,
   * {@code @Generated}, {@code public final}, the base class, the model interface, the constants.
   */
  private TypeSpec.Builder classHeader(
      ShapeTable table, ClassName self, ClassName iface, String summary, Element origin) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addJavadoc(classJavadoc(iface, summary))
            .addAnnotation(
                AnnotationSpec.builder(RuntimeTypes.GENERATED)
                    .addMember("value", "$S", RuntimeTypes.PROCESSOR)
                    .build())
            .addModifiers(PUBLIC, FINAL)
            .superclass(RuntimeTypes.NETWORK)
            .addSuperinterface(iface);
    if (origin != null) {
      type.addOriginatingElement(origin);
    }
    addConstants(type, table, summary);
    return type;
  }

  /** Adds {@code forward} and {@code trainStep}; {@code note} ends the latter's first sentence. */
  private static void addPasses(
      TypeSpec.Builder type, ModelSpec model, CodeBlock forward, CodeBlock trainStep,
      String note) {
    type.addMethod(
        MethodSpec.methodBuilder("forward")
            .addJavadoc(
                "Inference: returns the class probabilities {@code [N, $L]}.\n", model.classes())
            .addAnnotation(Override.class)
            .addModifiers(PROTECTED)
            .returns(RuntimeTypes.INDARRAY)
            .addParameter(RuntimeTypes.INDARRAY, "x")
            .addCode(forward)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("trainStep")
            .addJavadoc(
                "Training-mode forward, mean softmax cross-entropy, backward into every"
                    + " gradient$L.\n", note)
            .addAnnotation(Override.class)
            .addModifiers(PROTECTED)
            .returns(TypeName.DOUBLE)
            .addParameter(RuntimeTypes.INDARRAY, "x")
            .addParameter(RuntimeTypes.INDARRAY, "labels")
            .addCode(trainStep)
            .build());
  }

  private static ClassName interfaceName(ModelSpec model) {
    String[] nested = model.interfaceName().split("\\.");
    return ClassName.get(
        model.packageName(), nested[0], Arrays.copyOfRange(nested, 1, nested.length));
  }

  private static CodeBlock classJavadoc(ClassName iface, String summary) {
    return CodeBlock.builder()
        .add("Generated by Annet from {@link $T}.\n", iface)
        .add("\n<pre>\n$L</pre>\n", escapeHtml(summary))
        .add("\n<p>Not thread-safe: one instance per thread; {@link #copy()} gives an independent")
        .add(" one.\n")
        .build();
  }

  /** Chunks of at most this many chars stay under javac's 65,535-byte limit (3 bytes a char). */
  private static final int CONSTANT_CHARS = 20_000;

  /**
   * A string constant's initializer: the literal, or for a very large model (whose spec or
   * summary exceeds javac's limit on a constant string) {@code String.join("", ...)} over chunks
   * of whole lines, evaluated once at class initialisation.
   */
  static CodeBlock stringValue(String text) {
    if (text.length() <= CONSTANT_CHARS) {
      return CodeBlock.of("$S", text);
    }
    List<CodeBlock> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (String line : text.split("(?<=\n)")) {
      if (chunk.length() > 0 && chunk.length() + line.length() > CONSTANT_CHARS) {
        chunks.add(CodeBlock.of("$S", chunk));
        chunk.setLength(0);
      }
      chunk.append(line);
    }
    chunks.add(CodeBlock.of("$S", chunk));
    return CodeBlock.of("$T.join($S,$W$L)", String.class, "", CodeBlock.join(chunks, ",$W"));
  }

  private static void addConstants(TypeSpec.Builder type, ShapeTable table, String summary) {
    ModelSpec model = table.model();
    // The input and classes, for data loaders that fit images to the model (issue 14).
    String[][] input = {
      {GeneratedNames.INPUT_CHANNELS, "Input channels", "" + model.input().channels()},
      {GeneratedNames.INPUT_HEIGHT, "Input height", "" + model.input().height()},
      {GeneratedNames.INPUT_WIDTH, "Input width", "" + model.input().width()},
      {GeneratedNames.CLASSES, "Number of classes", "" + model.classes()}};
    for (String[] c : input) {
      type.addField(FieldSpec.builder(TypeName.INT, c[0], PUBLIC, STATIC, FINAL)
          .addJavadoc(c[1] + ", as declared by {@code @Model}.\n").initializer("$L", c[2]).build());
    }
    type.addField(
        FieldSpec.builder(TypeName.LONG, GeneratedNames.PARAMETERS, PUBLIC, STATIC, FINAL)
            .addJavadoc("Trainable parameters, as counted at compile time.\n")
            .initializer("$LL", table.parameters())
            .build());
    type.addField(
        FieldSpec.builder(TypeName.LONG, GeneratedNames.MACS, PUBLIC, STATIC, FINAL)
            .addJavadoc("Multiply-accumulates per example in one forward pass.\n")
            .initializer("$LL", table.macs())
            .build());
    type.addField(
        FieldSpec.builder(String.class, GeneratedNames.SPEC, PUBLIC, STATIC, FINAL)
            .addJavadoc(
                "The canonical spec: one line per layer, used by checkpoints to recognise the"
                    + " architecture.\n")
            .initializer(stringValue(CanonicalSpec.of(table)))
            .build());
    type.addField(
        FieldSpec.builder(String.class, GeneratedNames.SUMMARY, PUBLIC, STATIC, FINAL)
            .addJavadoc("The summary table: layer, kind, output, parameters, MACs and totals.\n")
            .initializer(stringValue(summary))
            .build());
    type.addField(
        FieldSpec.builder(
                RuntimeTypes.ARCHITECTURE, GeneratedNames.ARCHITECTURE, PRIVATE, STATIC, FINAL)
            .initializer(
                "new $T($S,$W$L,$W$L,$W$N,$W$N,$W$N,$W$N)",
                RuntimeTypes.ARCHITECTURE,
                model.interfaceName(),
                model.input().toJavaArray(),
                model.classes(),
                GeneratedNames.SPEC,
                GeneratedNames.SUMMARY,
                GeneratedNames.PARAMETERS,
                GeneratedNames.MACS)
            .build());
  }

  /** The generated constructor up to {@code super(ARCHITECTURE, dtype)}. */
  static MethodSpec.Builder constructorStart() {
    return MethodSpec.constructorBuilder()
        .addModifiers(PRIVATE)
        .addParameter(RuntimeTypes.DATA_TYPE, "dtype")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("super($N, dtype)", GeneratedNames.ARCHITECTURE);
  }

  private static MethodSpec classActivationMap(CodeBlock javadoc, CodeBlock body) {
    return MethodSpec.methodBuilder("classActivationMap")
        .addJavadoc(javadoc)
        .addModifiers(PUBLIC)
        .returns(RuntimeTypes.INDARRAY)
        .addParameter(RuntimeTypes.INDARRAY, "x")
        .addParameter(TypeName.INT, "classIndex")
        .addCode(claimed(body))
        .build();
  }

  /**
   * {@code body} inside the network's claim, like every public operation of the base class, so
   * that a second thread's call fails loudly instead of sharing the layers' buffers.
   */
  private static CodeBlock claimed(CodeBlock body) {
    return CodeBlock.builder()
        .addStatement("claim($S)", "classActivationMap")
        .beginControlFlow("try")
        .add(body)
        .nextControlFlow("finally")
        .addStatement("release()")
        .endControlFlow()
        .build();
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
