package io.annet.processor.diag;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Whether a warning is suppressed where it is reported: {@code @SuppressWarnings("annet.<tag>")}
 * (or {@code "all"}) or Annet's own {@code @io.annet.dsl.Suppress("<tag>")} on the element or on
 * any element enclosing it (its method, its interface, outer interfaces), as javac scopes its own
 * warnings.
 */
public final class Suppressions {

  static final String SUPPRESS = "io.annet.dsl.Suppress";

  private Suppressions() {}

  /** Whether {@code message}'s tag is suppressed on {@code element} or an enclosing element. */
  public static boolean suppressed(Element element, Message message) {
    String tag = message.tag().substring(1, message.tag().length() - 1); // annet.fc-heavy
    for (Element e = element; e != null && e.getKind() != ElementKind.PACKAGE;
        e = e.getEnclosingElement()) {
      for (AnnotationMirror mirror : e.getAnnotationMirrors()) {
        String type = mirror.getAnnotationType().toString();
        boolean standard = type.equals("java.lang.SuppressWarnings");
        if ((standard || type.equals(SUPPRESS)) && names(mirror, tag, !standard)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the annotation's {@code value} names {@code tag} (or "all"). */
  private static boolean names(AnnotationMirror mirror, String tag, boolean bareTagToo) {
    for (var entry : mirror.getElementValues().entrySet()) {
      if (!entry.getKey().getSimpleName().contentEquals("value")) {
        continue;
      }
      Object value = entry.getValue().getValue();
      List<?> values = value instanceof List<?> list ? list : List.of(entry.getValue());
      for (Object v : values) {
        Object s = v instanceof AnnotationValue av ? av.getValue() : v;
        if (s instanceof String name
            && (name.equals(tag)
                || name.equals("all")
                || (bareTagToo && ("annet." + name).equals(tag)))) {
          return true;
        }
      }
    }
    return false;
  }
}
