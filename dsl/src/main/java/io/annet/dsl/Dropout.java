package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout, active only in training: each value is zeroed with probability {@code rate}
 * and the survivors are scaled by {@code 1 / (1 - rate)}. Shape rule: unchanged; no parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Dropout {
  /** Probability of dropping a value, in {@code [0, 1)}. */
  double rate();
}
