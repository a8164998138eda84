package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The classification head: softmax over the class scores, trained with cross-entropy. Shape rule: {@code [classes] -> [classes]} (a {@code [classes, 1, 1]} map is accepted); must be the last layer. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Softmax {}
