package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Repeats a single layer, or a {@link Use}d block, {@code value()} times in a chain: {@code
 * @Repeat(4) @Use(InceptionA.class) Layer inceptionA();}. Shape rule: repetition {@code i + 1}
 * consumes the output of repetition {@code i}, so from the second repetition on the layer must
 * accept what it produces; the output is the last repetition's; parameters are the sum over the
 * repetitions. Repetitions are named {@code <method>.<i>} from 0, e.g. {@code inceptionA.0.b1}
 * with parameter {@code inceptionA.0.b1.weight}, or {@code conv.2.weight} for a repeated
 * {@code @Conv Layer conv()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Repeat {
  /** How many times the layer or block is applied, at least 1. */
  int value();
}
