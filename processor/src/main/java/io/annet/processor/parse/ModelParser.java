package io.annet.processor.parse;

import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Message;
import io.annet.processor.diag.Suppressions;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.Member;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final Elements elements;
  private final Types types;
  private final DiagnosticReport report;
  private final LayerParser layerParser;
  private final UsageChecks checks;
  private final ProcessingEnvironment env;

  /** A parser that reports misuse into {@code report}. */
  public ModelParser(ProcessingEnvironment env, DiagnosticReport report) {
    this.env = env;
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
    Optional<BudgetSpec> budgetSpec = budget(type, budget);
    boolean complete = budgetSpec.isPresent();

    BodyParser bodies = new BodyParser(env, report, layerParser, checks);
    Optional<TypeElement> backbone = BodyParser.typeOf(values.get("backbone"));
    Optional<TypeElement> head = BodyParser.typeOf(values.get("head"));
    boolean composed = backbone.filter(t -> !isVoid(t)).isPresent()
        || head.filter(t -> !isVoid(t)).isPresent();
    boolean anyLayer = false;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      anyLayer |=
          method.getModifiers().contains(Modifier.ABSTRACT)
              || method.getAnnotationMirrors().stream().anyMatch(LayerParser::isLayerAnnotation);
    }
    Inliner inliner;
    if (composed) {
      Optional<Inliner> parts = composed(type, model, backbone, head, anyLayer, bodies);
      complete &= parts.isPresent();
      inliner = parts.orElseGet(() -> new Inliner(Map.of()));
    } else {
      Body body = bodies.parseModel(type, model);
      complete &= body.complete();
      if (!anyLayer) {
        report.add(
            Message.NO_LAYERS, Message.NO_LAYERS.format(type.getSimpleName()), type, model, null);
        complete = false;
      }
      inliner = new Inliner(bodies.blocks());
      inliner.members.addAll(inliner.inline(body, "", -1));
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
            inliner.layers,
            budgetSpec.orElse(BudgetSpec.NONE),
            suppressesFcHeavy(type),
            inliner.inputs,
            inliner.members,
            inliner.blockInputs);
    return Optional.of(
        new ParsedModel(
            spec, complete, type, model, budget, inliner.sources, inliner.uses));
  }

  private static boolean isVoid(TypeElement t) {
    return t.getQualifiedName().contentEquals("void") || t.getQualifiedName().contentEquals("Void");
  }

  /**
   * The members {@code backbone} and {@code head} of a model composed of two blocks; empty when
   * the composition is misused (reported) or a block did not parse.
   */
  private Optional<Inliner> composed(
      TypeElement type,
      AnnotationMirror model,
      Optional<TypeElement> backbone,
      Optional<TypeElement> head,
      boolean anyLayer,
      BodyParser bodies) {
    boolean hasBackbone = backbone.filter(t -> !isVoid(t)).isPresent();
    boolean hasHead = head.filter(t -> !isVoid(t)).isPresent();
    String problem = null;
    String attribute = null;
    if (!hasBackbone || !hasHead) {
      problem = "sets " + (hasBackbone ? "backbone" : "head") + " without "
          + (hasBackbone ? "head" : "backbone");
      attribute = hasBackbone ? "backbone" : "head";
    } else if (anyLayer) {
      problem = "sets backbone and head but also declares layer methods";
      attribute = "backbone";
    }
    if (problem != null) {
      report.add(
          Message.BACKBONE_HEAD,
          Message.BACKBONE_HEAD.format(type.getSimpleName(), problem),
          type,
          model,
          Annotations.explicit(model, attribute));
      return Optional.empty();
    }
    Optional<Body> b =
        bodies.parseBlock(
            backbone.get(),
            "@Model(backbone = ...)",
            new BodyParser.Site(type, model, Annotations.explicit(model, "backbone")));
    Optional<Body> h =
        bodies.parseBlock(
            head.get(),
            "@Model(head = ...)",
            new BodyParser.Site(type, model, Annotations.explicit(model, "head")));
    if (b.isEmpty() || h.isEmpty() || !b.get().complete() || !h.get().complete()) {
      return Optional.empty();
    }
    Inliner inliner = new Inliner(bodies.blocks());
    Member.Group body = inliner.use(b.get(), "backbone", -1, false, null);
    inliner.members.add(body);
    inliner.members.add(inliner.use(h.get(), "head", body.outputIndex(), true, null));
    return Optional.of(inliner);
  }

  /** An {@code @Input} annotation value as a shape, if javac could evaluate it. */
  static Optional<Shape> input(AnnotationValue value) {
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

  private Optional<BudgetSpec> budget(TypeElement type, AnnotationMirror budget) {
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
    boolean negative = negativeLimit(type, budget, "maxParameters", parameters.get());
    negative |= negativeLimit(type, budget, "maxMacs", macs.get());
    negative |= negativeLimit(type, budget, "maxActivationBytes", bytes.get());
    if (negative) {
      return Optional.empty();
    }
    return Optional.of(new BudgetSpec(parameters.get(), macs.get(), bytes.get()));
  }

  /** Reports a negative {@code @Budget} limit, which no model could meet. */
  private boolean negativeLimit(
      TypeElement type, AnnotationMirror budget, String attribute, long limit) {
    if (limit >= 0) {
      return false;
    }
    report.add(
        Message.OUT_OF_RANGE,
        Message.OUT_OF_RANGE.format(
            "@Budget",
            attribute,
            "[0, " + Long.MAX_VALUE + "] (a count, 0 for none; omit it for no limit)",
            limit),
        type,
        budget,
        Annotations.explicit(budget, attribute));
    return true;
  }


  /**
   * Whether the model-wide fc-heavy warning is suppressed on the interface (it is reported on the
   * largest dense layer, which may sit in a block, so the interface decides).
   */
  private static boolean suppressesFcHeavy(TypeElement type) {
    return Suppressions.suppressed(type, Message.FC_HEAVY);
  }
}
