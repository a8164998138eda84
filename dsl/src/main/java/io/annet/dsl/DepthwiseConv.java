package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A MobileNet-style depthwise 2-D convolution followed by an activation: each input channel is
 * convolved on its own with {@code multiplier} filters. Shape rule: {@code [C, H, W] -> [C *
 * multiplier, H', W']} with {@code H' = floor((H + 2 padding - kernel) / stride) + 1} (or {@code
 * ceil(H / stride)} with {@link #same()}), likewise for W (see {@link Window}); parameters {@code
 * C * multiplier * kh * kw (+ C * multiplier)}. Output channel {@code c * multiplier + j} is input
 * channel {@code c}'s {@code j}-th filter.
 *
 * <p>{@code kernel}, {@code stride} and {@code padding} take one value (square) or two values
 * {@code {height, width}}, e.g. {@code kernel = {1, 7}}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DepthwiseConv {
  /** Filters per input channel (the depth multiplier); at least 1. */
  int multiplier() default 1;

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

  /** Whether the convolution adds a bias per output channel. */
  boolean bias() default true;
}
