package io.annet.processor.parse;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/**
 * Where one parsed layer came from, kept so later phases can point at the narrowest span.
 *
 * @param method the layer method
 * @param annotation its layer annotation
 * @param explicitValues the attributes written in the source, by name (defaults are absent)
 */
public record LayerSource(
    ExecutableElement method,
    AnnotationMirror annotation,
    Map<String, AnnotationValue> explicitValues) {

  public LayerSource {
    explicitValues = Map.copyOf(explicitValues);
  }

  /** The value of {@code attribute} as written, or null when it was left at its default. */
  public AnnotationValue value(String attribute) {
    return attribute == null ? null : explicitValues.get(attribute);
  }
}
