package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer followed by an activation. Shape rule: {@code [N] -> [units]} (a {@code
 * [C, 1, 1]} map counts as {@code [C]}); parameters {@code units * N (+ units)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Dense {
  /** Output width. */
  int units();

  /** The nonlinearity; use {@link Activation#IDENTITY} for the layer that feeds {@link Softmax}. */
  Activation activation() default Activation.RELU;

  /** Whether the layer adds a bias. */
  boolean bias() default true;
}
