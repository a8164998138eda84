package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compile-time resource limits of a {@link Model}: exceeding any is a compile error that states
 * the actual figure. {@code Long.MAX_VALUE} (the default) means no limit; a negative limit is a
 * compile error ({@code [annet.out-of-range]}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Budget {
  /** Most trainable parameters allowed. */
  long maxParameters() default Long.MAX_VALUE;

  /** Most multiply-accumulates per example in one forward pass. */
  long maxMacs() default Long.MAX_VALUE;

  /** Most bytes of float32 activations per example in one forward pass (all layer outputs). */
  long maxActivationBytes() default Long.MAX_VALUE;
}
