package io.annet.processor.parse;

import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.shape.ShapeProblem;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
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
 */
public record ParsedModel(
    ModelSpec spec,
    boolean complete,
    TypeElement type,
    AnnotationMirror model,
    AnnotationMirror budget,
    List<LayerSource> layers) {

  public ParsedModel {
    layers = List.copyOf(layers);
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
