package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pooling that takes the mean of each window, per channel. Shape rule: {@code [C, H, W] -> [C, H',
 * W']} with {@code H' = floor((H + 2 padding - kernel) / stride) + 1} (or {@code ceil(H / stride)}
 * with {@link #same()}); no parameters.
 *
 * <p>Padded positions are excluded from the mean.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AvgPool {
  /** Window size: {@code k} or {@code {kh, kw}}. */
  int[] kernel();

  /** Step: {@code s} or {@code {sh, sw}}; empty (the default) means equal to the kernel. */
  int[] stride() default {};

  /** Zero padding on each side: {@code p} or {@code {ph, pw}}. */
  int[] padding() default 0;

  /** SAME padding: output size {@code ceil(in / stride)}. */
  boolean same() default false;
}
