package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation: per channel for maps (spatial), per unit for vectors; batch statistics in
 * training, running statistics in inference. Shape rule: unchanged; parameters {@code 2 C} (gamma,
 * beta) plus {@code 2 C} running statistics that are not trained.
 *
 * <p>An {@link #activation()} may follow the normalisation: {@code @Conv(activation = IDENTITY,
 * bias = false)} then {@code @BatchNorm(activation = RELU)} is the conv-BN-ReLU of Inception and
 * ResNet.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BatchNorm {
  /** Running statistics update: {@code running = momentum * running + (1 - momentum) * batch}. */
  double momentum() default 0.9;

  /** Added to the variance before the square root. */
  double epsilon() default 1e-5;

  /** The nonlinearity after the normalisation; none ({@link Activation#IDENTITY}) by default. */
  Activation activation() default Activation.IDENTITY;
}
