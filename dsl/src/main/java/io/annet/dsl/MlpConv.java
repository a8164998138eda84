package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Network-in-Network "mlpconv" block: a {@code kernel} convolution with {@code filters[0]}
 * outputs, then one 1x1 convolution per further entry of {@code filters}, each followed by the
 * activation. Shape rule: {@code [C, H, W] -> [filters[last], H', W']} with H', W' as for {@link
 * Conv}; parameters: the sum over its convolutions (all with bias).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MlpConv {
  /** Output channels of each convolution, first the spatial one, then the 1x1 ones. */
  int[] filters();

  /** Kernel size of the first convolution: {@code k} or {@code {kh, kw}}. */
  int[] kernel();

  /** Step of the first convolution: {@code s} or {@code {sh, sw}}. */
  int[] stride() default 1;

  /** Zero padding of the first convolution: {@code p} or {@code {ph, pw}}. */
  int[] padding() default 0;

  /** SAME padding for the first convolution. */
  boolean same() default false;

  /** The nonlinearity after every convolution of the block. */
  Activation activation() default Activation.RELU;
}
