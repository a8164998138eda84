package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The per-example input shape of a {@link Model}: {@code [channels, height, width]}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Input {
  /** Input channels, e.g. 1 for grayscale, 3 for RGB. */
  int channels();

  /** Input rows. */
  int height();

  /** Input columns. */
  int width();
}
