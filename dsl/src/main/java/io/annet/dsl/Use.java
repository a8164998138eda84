package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inlines a {@link Block} as one layer: {@code @Use(InceptionA.class) Layer mixed5b();} (consumes
 * the previous layer) or {@code Layer mixed5b(Layer stem)} (consumes layer {@code stem}). Shape
 * rule: the block's layers are inferred on the consumed shape; the output is the block's last
 * layer's output; parameters are the sum over the block's layers. Inlined layers are named
 * {@code <method>.<blockLayer>}, e.g. {@code mixed5b.b1} with parameter {@code mixed5b.b1.weight},
 * and the method returns a composite handle over them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Use {
  /** The {@link Block}-annotated interface to inline. */
  Class<?> value();
}
