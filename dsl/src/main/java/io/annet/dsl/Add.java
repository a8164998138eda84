package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds two or more inputs element-wise, then applies the activation (a residual connection):
 * {@code @Add(activation = Activation.RELU) Layer sum(Layer conv2, Layer shortcut);}. Shape rule:
 * {@code S, S, ... -> S}; every input must have exactly the same shape (maps or vectors); no
 * parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Add {
  /** The nonlinearity after the sum; {@link Activation#RELU} for a ResNet block. */
  Activation activation() default Activation.IDENTITY;
}
