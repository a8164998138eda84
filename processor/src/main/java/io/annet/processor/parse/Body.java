package io.annet.processor.parse;

import io.annet.processor.model.Shape;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * The declared layers of a model or {@code @Block} interface, parsed once and inlined at each use.
 *
 * @param type the interface
 * @param layers its layer methods in declaration order
 * @param declaredInput a block's {@code input}, if it declares one
 * @param complete whether everything parsed (else shape inference would mislead)
 */
record Body(
    TypeElement type, List<DeclaredLayer> layers, Optional<Shape> declaredInput, boolean complete) {
  Body {
    layers = List.copyOf(layers);
  }

  String simpleName() {
    return type.getSimpleName().toString();
  }
}
