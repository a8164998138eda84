package io.annet.processor.parse;

import io.annet.processor.model.LayerSpec;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One layer method of a model or block as declared, before blocks are inlined.
 *
 * @param method the method
 * @param annotation its layer annotation or {@code @Use}
 * @param layer the parsed layer, or null for a {@code @Use}
 * @param block the used block, or null for a layer
 * @param repeat the {@code @Repeat} annotation, or null
 * @param repeats how many times it repeats (1 without {@code @Repeat})
 * @param inputs the parameter names: empty (the previous layer), {@code input} or earlier methods
 */
record DeclaredLayer(
    ExecutableElement method,
    AnnotationMirror annotation,
    LayerSpec layer,
    TypeElement block,
    AnnotationMirror repeat,
    int repeats,
    List<String> inputs) {

  DeclaredLayer {
    inputs = List.copyOf(inputs);
  }

  /** The method's name. */
  String name() {
    return method.getSimpleName().toString();
  }

  /** Where it came from, for diagnostics. */
  LayerSource source() {
    return new LayerSource(method, annotation, Annotations.explicitValues(annotation));
  }
}
