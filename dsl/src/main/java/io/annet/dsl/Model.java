package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a network on an interface: its layers are the interface's abstract methods, in
 * declaration order, each returning {@link Layer} and carrying exactly one layer annotation. The
 * annotation processor generates {@code <Interface>Network} (or {@link #name()}) in the same
 * package, or reports every shape error on the offending annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Model {
  /** The per-example input: channels, height and width (NCHW). */
  Input input();

  /** The number of classes the network scores; the last layer must yield exactly this width. */
  int classes();

  /** Simple name of the generated class; empty means {@code <Interface>Network}. */
  String name() default "";
}
