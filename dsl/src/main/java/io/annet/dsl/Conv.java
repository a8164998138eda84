package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution followed by an activation. Shape rule: {@code [C, H, W] -> [filters, H', W']}
 * with {@code H' = floor((H + 2 padding - kernel) / stride) + 1} (or {@code ceil(H / stride)} with
 * {@link #same()}), likewise for W; parameters {@code filters * C * kh * kw (+ filters)}.
 *
 * <p>{@code kernel}, {@code stride} and {@code padding} take one value (square) or two values
 * {@code {height, width}}, e.g. {@code kernel = {1, 7}}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Conv {
  /** Output channels. */
  int filters();

  /** Kernel size: {@code k} or {@code {kh, kw}}. */
  int[] kernel();

  /** Step: {@code s} or {@code {sh, sw}}. */
  int[] stride() default 1;

  /** Zero padding on each side: {@code p} or {@code {ph, pw}}; ignored with {@link #same()}. */
  int[] padding() default 0;

  /** SAME padding: output size {@code ceil(in / stride)}, padding chosen automatically. */
  boolean same() default false;

  /** The nonlinearity after the convolution. */
  Activation activation() default Activation.RELU;

  /** Whether the convolution adds a per-filter bias. */
  boolean bias() default true;
}
