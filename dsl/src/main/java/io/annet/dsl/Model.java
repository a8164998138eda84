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
 *
 * <p>Alternatively a model is composed of a {@link #backbone()} and a {@link #head()}, two {@link
 * Block}s; such an interface declares no layer methods. Shape rule: the backbone consumes the
 * input, the head consumes the backbone's output (which must equal the head's declared {@link
 * Block#input()}, if any) and must yield {@link #classes()}.
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

  /**
   * The {@link Block} the input flows through first; {@code void.class} (the default) means the
   * model declares its own layer methods. Set together with {@link #head()}.
   */
  Class<?> backbone() default void.class;

  /**
   * The {@link Block} that consumes the {@link #backbone()}'s output and yields the class scores;
   * {@code void.class} (the default) means the model declares its own layer methods.
   */
  Class<?> head() default void.class;
}
