package io.annet.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Silences Annet warnings by tag on the annotated model, block or layer method and everything
 * inside it: {@code @Suppress("fc-heavy")} (the {@code annet.} prefix is optional, {@code "all"}
 * silences every Annet warning). It does what {@code @SuppressWarnings("annet.fc-heavy")} does,
 * which Annet honours too, but Eclipse's compiler (ECJ) reports no "Unsupported
 * {@code @SuppressWarnings}" for it. Errors cannot be suppressed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Suppress {
  /** The warning tags to silence, e.g. {@code "fc-heavy"} or {@code "annet.unused-output"}. */
  String[] value();
}
