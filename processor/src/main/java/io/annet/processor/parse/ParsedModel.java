package io.annet.processor.parse;

import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Suppressions;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.shape.ShapeProblem;
import io.annet.processor.shape.ShapeProblem.Anchor;
import io.annet.processor.shape.ShapeProblem.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * A parsed {@code @Model} interface together with where each part came from.
 *
 * @param spec the model; when not {@code complete}, it holds only the layers that parsed
 * @param complete whether every layer parsed, so that shape inference is meaningful
 * @param type the interface
 * @param model its {@code @Model} annotation
 * @param budget its {@code @Budget} annotation, or null
 * @param layers where each layer of {@code spec} came from, index for index
 * @param uses where each block use came from ({@code @Use} methods; null for backbone and head)
 */
public record ParsedModel(
    ModelSpec spec,
    boolean complete,
    TypeElement type,
    AnnotationMirror model,
    AnnotationMirror budget,
    List<LayerSource> layers,
    List<LayerSource> uses) {

  public ParsedModel {
    layers = List.copyOf(layers);
    uses = new ArrayList<>(uses); // may hold null
  }

  /** A model without blocks. */
  public ParsedModel(
      ModelSpec spec,
      boolean complete,
      TypeElement type,
      AnnotationMirror model,
      AnnotationMirror budget,
      List<LayerSource> layers) {
    this(spec, complete, type, model, budget, layers, List.of());
  }

  /**
   * Adds every problem to {@code report}; a problem of a block's layer that was already reported
   * for an earlier use of the block (same message, same method) is reported once.
   */
  public void reportAll(List<ShapeProblem> problems, DiagnosticReport report) {
    reportAll(problems, report, element -> true);
  }

  /**
   * The same, where {@code hasSource} tells which elements javac can point into: a problem of a
   * layer of a block read from a class file goes on the {@code @Use} (or backbone/head) that
   * brought the block in, naming the block, instead of having no position at all.
   */
  public void reportAll(
      List<ShapeProblem> problems, DiagnosticReport report, Predicate<Element> hasSource) {
    Set<String> seen = new HashSet<>();
    for (ShapeProblem p : problems) {
      Anchor anchor = p.anchor();
      if (anchor.target() == Target.LAYER) {
        LayerSource source = layers.get(anchor.layer());
        boolean inBlock = !source.method().getEnclosingElement().equals(type);
        if (inBlock && !seen.add(p.message() + " " + source.method())) {
          continue;
        }
        if (inBlock && !hasSource.test(source.method())) {
          reportAtUse(p, anchor.layer(), source, report);
          continue;
        }
      }
      report(p, report);
    }
  }

  /**
   * Reports a problem of layer {@code index}, from a class file, where its block is used; a
   * warning the block suppresses with {@code @Suppress} (kept in class files, unlike {@code
   * @SuppressWarnings}) stays silent.
   */
  private void reportAtUse(
      ShapeProblem problem, int index, LayerSource source, DiagnosticReport report) {
    if (!problem.isError() && Suppressions.suppressed(source.method(), problem.message())) {
      return;
    }
    String top = spec.layers().get(index).name().split("\\.")[0];
    String block = ((TypeElement) source.method().getEnclosingElement()).getQualifiedName()
        + "." + source.method().getSimpleName() + "()";
    String text = problem.text() + "\n    (in " + block + ", read from a class file)";
    for (LayerSource use : uses) {
      if (use != null && use.method().getSimpleName().contentEquals(top)) {
        report.add(problem.message(), text, use.method(), use.annotation(), null);
        return;
      }
    }
    report.add(problem.message(), text, type, model, modelValue(top)); // backbone or head
  }

  /** Adds a shape problem to {@code report}, anchored on the narrowest span it names. */
  public void report(ShapeProblem problem, DiagnosticReport report) {
    Anchor anchor = problem.anchor();
    switch (anchor.target()) {
      case LAYER -> {
        LayerSource source = layers.get(anchor.layer());
        report.add(
            problem.message(),
            problem.text(),
            source.method(),
            source.annotation(),
            source.value(anchor.attribute()));
      }
      case USE -> {
        LayerSource source = uses.get(anchor.layer());
        if (source == null) {
          report.add(
              problem.message(), problem.text(), type, model, modelValue(anchor.attribute()));
        } else {
          report.add(
              problem.message(), problem.text(), source.method(), source.annotation(), null);
        }
      }
      case BUDGET -> {
        AnnotationMirror mirror = budget != null ? budget : model;
        report.add(
            problem.message(),
            problem.text(),
            type,
            mirror,
            Annotations.explicit(mirror, anchor.attribute()));
      }
      default ->
          report.add(
              problem.message(), problem.text(), type, model, modelValue(anchor.attribute()));
    }
  }

  private AnnotationValue modelValue(String attribute) {
    if (attribute == null) {
      return null;
    }
    int dot = attribute.indexOf('.');
    if (dot < 0) {
      return Annotations.explicit(model, attribute);
    }
    AnnotationValue outer = Annotations.explicit(model, attribute.substring(0, dot));
    if (outer == null || !(outer.getValue() instanceof AnnotationMirror nested)) {
      return outer;
    }
    AnnotationValue inner = Annotations.explicit(nested, attribute.substring(dot + 1));
    return inner != null ? inner : outer;
  }
}
