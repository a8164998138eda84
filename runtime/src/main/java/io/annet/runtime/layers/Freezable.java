package io.annet.runtime.layers;

/**
 * A kernel that trains differently from how it infers (batch statistics, dropout masks) and that,
 * when frozen, computes in training exactly as in inference: a frozen {@link BatchNormLayer}
 * normalises with its running statistics and leaves them unchanged, a frozen {@link DropoutLayer}
 * passes its input through. {@code Network.freeze} sets it; nothing else should.
 */
public interface Freezable {
  /** Whether a training forward computes as inference does (frozen) or as training does. */
  void setFrozen(boolean frozen);

  /** Whether {@link #setFrozen} froze this kernel. */
  boolean isFrozen();
}
