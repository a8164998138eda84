package io.annet.processor.parse;

import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Message;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Parses one {@code @Model} element into a {@link ParsedModel}, reporting every misuse of the DSL
 * it finds on the way (the model stays usable for shape inference whenever its layers are known).
 */
public final class ModelParser {

  static final String MODEL = "io.annet.dsl.Model";
  static final String BUDGET = "io.annet.dsl.Budget";
  static final String LAYER = "io.annet.dsl.Layer";
  static final String FC_HEAVY = "annet.fc-heavy";

  /** Zero-argument methods of the generated class's base, {@code io.annet.runtime.Network}. */
  static final Set<String> RESERVED =
      Set.of("summary", "architecture", "layers", "dataType", "copy", "parameters", "gradients");

  private final Elements elements;
  private final Types types;
  private final DiagnosticReport report;
  private final LayerParser layerParser;
  private final UsageChecks checks;

  /** A parser that reports misuse into {@code report}. */
  public ModelParser(ProcessingEnvironment env, DiagnosticReport report) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.report = report;
    this.layerParser = new LayerParser(elements, report);
    this.checks = new UsageChecks(elements, types, report);
  }

  /**
   * The model declared by {@code element}; empty when it cannot be understood at all (not an
   * interface, or its {@code @Model} values could not be evaluated); the reasons are reported.
   */
  public Optional<ParsedModel> parse(Element element) {
    Optional<AnnotationMirror> found = Annotations.find(element, MODEL);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    AnnotationMirror model = found.get();
    if (element.getKind() != ElementKind.INTERFACE) {
      String kind = element.getKind().toString().toLowerCase().replace('_', ' ');
      report.add(
          Message.NOT_INTERFACE,
          Message.NOT_INTERFACE.format(kind, element.getSimpleName()),
          element,
          model,
          null);
      return Optional.empty();
    }
    TypeElement type = (TypeElement) element;
    Map<String, AnnotationValue> values = Annotations.allValues(elements, model);
    Optional<Integer> classes = Annotations.intValue(values.get("classes"));
    Optional<String> name = Annotations.stringValue(values.get("name"));
    Optional<Shape> input = input(values.get("input"));
    if (classes.isEmpty() || name.isEmpty() || input.isEmpty()) {
      return Optional.empty();
    }
    checks.checkType(type, model);
    String className = checks.className(type, model, name.get());
    AnnotationMirror budget = Annotations.find(type, BUDGET).orElse(null);
    Optional<BudgetSpec> budgetSpec = budget(budget);
    boolean complete = budgetSpec.isPresent();

    List<LayerSpec> layers = new ArrayList<>();
    List<LayerSource> sources = new ArrayList<>();
    boolean anyLayer = false;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      List<AnnotationMirror> mirrors =
          method.getAnnotationMirrors().stream()
              .filter(LayerParser::isLayerAnnotation)
              .collect(Collectors.toList());
      boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
      anyLayer |= isAbstract || !mirrors.isEmpty();
      if (!checks.checkMethod(type, method, mirrors)) {
        complete = false;
        continue;
      }
      if (mirrors.isEmpty()) {
        continue; // a helper: default, static or private method without a layer annotation
      }
      Optional<LayerSpec> layer = layerParser.parse(method, mirrors.get(0));
      if (layer.isEmpty()) {
        complete = false;
        continue;
      }
      layers.add(layer.get());
      sources.add(
          new LayerSource(method, mirrors.get(0), Annotations.explicitValues(mirrors.get(0))));
    }
    if (!anyLayer) {
      report.add(
          Message.NO_LAYERS, Message.NO_LAYERS.format(type.getSimpleName()), type, model, null);
      complete = false;
    }
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    String qualified = type.getQualifiedName().toString();
    String interfaceName =
        packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
    ModelSpec spec =
        new ModelSpec(
            packageName,
            interfaceName,
            className,
            input.get(),
            classes.get(),
            layers,
            budgetSpec.orElse(BudgetSpec.NONE),
            suppressesFcHeavy(type));
    return Optional.of(new ParsedModel(spec, complete, type, model, budget, sources));
  }

  private static Optional<Shape> input(AnnotationValue value) {
    if (value == null || !(value.getValue() instanceof AnnotationMirror mirror)) {
      return Optional.empty();
    }
    Map<String, AnnotationValue> v = Annotations.explicitValues(mirror);
    Optional<Integer> c = Annotations.intValue(v.get("channels"));
    Optional<Integer> h = Annotations.intValue(v.get("height"));
    Optional<Integer> w = Annotations.intValue(v.get("width"));
    if (c.isEmpty() || h.isEmpty() || w.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Shape.map(c.get(), h.get(), w.get()));
  }

  private Optional<BudgetSpec> budget(AnnotationMirror budget) {
    if (budget == null) {
      return Optional.of(BudgetSpec.NONE);
    }
    Map<String, AnnotationValue> v = Annotations.allValues(elements, budget);
    Optional<Long> parameters = Annotations.longValue(v.get("maxParameters"));
    Optional<Long> macs = Annotations.longValue(v.get("maxMacs"));
    Optional<Long> bytes = Annotations.longValue(v.get("maxActivationBytes"));
    if (parameters.isEmpty() || macs.isEmpty() || bytes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BudgetSpec(parameters.get(), macs.get(), bytes.get()));
  }

  private static boolean suppressesFcHeavy(TypeElement type) {
    SuppressWarnings suppress = type.getAnnotation(SuppressWarnings.class);
    if (suppress == null) {
      return false;
    }
    for (String s : suppress.value()) {
      if (s.equals(FC_HEAVY) || s.equals("all")) {
        return true;
      }
    }
    return false;
  }
}
