package io.annet.processor.diag;

/** How serious a problem is: an error stops code generation, a warning does not. */
public enum Severity {
  /** Stops code generation for the model. */
  ERROR,
  /** Reported, but the model is still generated. */
  WARNING
}
