package io.annet.runtime.checkpoint;

/** Options of {@link Checkpoints#save}. */
public enum SaveOption {
  /**
   * Writes tensors holding NaN or infinite values too (e.g. to inspect a diverged run); without
   * it such a save is refused and the file on disk is left as it was.
   */
  ALLOW_NON_FINITE
}
