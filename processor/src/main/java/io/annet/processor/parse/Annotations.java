package io.annet.processor.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Small helpers to read annotation mirrors without loading the annotation classes. */
final class Annotations {

  private Annotations() {}

  /** The annotation of type {@code qualifiedName} on {@code element}, if present. */
  static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (qualifiedName(m).equals(qualifiedName)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The qualified name of the annotation's type. */
  static String qualifiedName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  /** The attributes written in the source, by name. */
  static Map<String, AnnotationValue> explicitValues(AnnotationMirror mirror) {
    Map<String, AnnotationValue> values = new HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      values.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    return values;
  }

  /** Every attribute including defaults, by name. */
  static Map<String, AnnotationValue> allValues(Elements elements, AnnotationMirror mirror) {
    Map<String, AnnotationValue> values = new HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      values.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    return values;
  }

  /** The value of {@code attribute} as written in the source, or null. */
  static AnnotationValue explicit(AnnotationMirror mirror, String attribute) {
    return attribute == null ? null : explicitValues(mirror).get(attribute);
  }

  /** An int attribute, or empty when javac could not evaluate it (javac reports that itself). */
  static Optional<Integer> intValue(AnnotationValue value) {
    return value != null && value.getValue() instanceof Integer i
        ? Optional.of(i)
        : Optional.empty();
  }

  /** A long attribute, or empty when javac could not evaluate it. */
  static Optional<Long> longValue(AnnotationValue value) {
    return value != null && value.getValue() instanceof Long l ? Optional.of(l) : Optional.empty();
  }

  /** A double attribute, or empty when javac could not evaluate it. */
  static Optional<Double> doubleValue(AnnotationValue value) {
    return value != null && value.getValue() instanceof Double d
        ? Optional.of(d)
        : Optional.empty();
  }

  /** A boolean attribute, or empty when javac could not evaluate it. */
  static Optional<Boolean> booleanValue(AnnotationValue value) {
    return value != null && value.getValue() instanceof Boolean b
        ? Optional.of(b)
        : Optional.empty();
  }

  /** An enum constant's name, or empty when javac could not evaluate it. */
  static Optional<String> enumValue(AnnotationValue value) {
    return value != null && value.getValue() instanceof Element e
        ? Optional.of(e.getSimpleName().toString())
        : Optional.empty();
  }

  /** A String attribute, or empty when javac could not evaluate it. */
  static Optional<String> stringValue(AnnotationValue value) {
    return value != null && value.getValue() instanceof String s
        ? Optional.of(s)
        : Optional.empty();
  }

  /** An int[] attribute, or empty when javac could not evaluate some element. */
  static Optional<int[]> intArray(AnnotationValue value) {
    if (value == null || !(value.getValue() instanceof List<?> list)) {
      return Optional.empty();
    }
    int[] result = new int[list.size()];
    for (int i = 0; i < result.length; i++) {
      Object item = list.get(i) instanceof AnnotationValue v ? v.getValue() : null;
      if (!(item instanceof Integer n)) {
        return Optional.empty();
      }
      result[i] = n;
    }
    return Optional.of(result);
  }
}
