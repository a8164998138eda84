package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Concatenates two or more maps along the channels, in parameter order: {@code @Concat Layer
 * out(Layer b1, Layer b2, Layer b3, Layer b4);}. Shape rule: {@code [C1, H, W], [C2, H, W], ...
 * -> [C1 + C2 + ..., H, W]}; every input must be a map with the same H and W; no parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Concat {}
