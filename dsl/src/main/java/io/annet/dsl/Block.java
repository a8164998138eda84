package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a reusable block on an interface: its layers are declared like a {@link Model}'s
 * (abstract methods returning {@link Layer}, inputs named by parameters, {@code input} being the
 * block's input), and a model or another block inlines it as one layer with {@link Use}. Shape
 * rule: the block's input shape is the shape of the layer feeding each {@link Use}, inferred per
 * use; its output is its last layer's output; its parameters are the sum over its layers.
 *
 * <p>{@link #input()} is empty (the default: the input is inferred at each use) or holds exactly
 * one {@link Input}, the shape every use must feed it, checked at each use; a block used as a
 * model's {@link Model#head()} usually declares it, so that it can be checked against the
 * backbone's output. A block used through itself, directly or via other blocks, is an error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Block {
  /** The input the block expects: none (inferred where used, the default) or exactly one. */
  Input[] input() default {};
}
