package io.annet.runtime.layers;

import io.annet.dsl.Activation;

/**
 * A kernel whose float32 training pass can take its input or give its output in oneDNN's blocked
 * layout ({@link BlockedLayout}); the network marks which, from its wiring, so that both ends of
 * every blocked tensor agree (the input's gradient has the input's layout, the output's gradient
 * the output's).
 */
public interface BlockedTraining {
  /** How the kernel relates its input's layout to its output's. */
  enum Role {
    /** Converts: input and output layouts are independent (a convolution, global pooling). */
    CONVERTS,
    /** Keeps the layout: every input and the output share one (batch norm, a sum). */
    KEEPS
  }

  /** Its role in the layout planning. */
  Role layoutRole();

  /** Whether it can read its input blocked now (oneDNN path, channels a multiple of 16). */
  boolean readsBlocked();

  /** Whether it can write its output blocked now. */
  boolean writesBlocked();

  /**
   * Marks the layouts of its input and output for calls made while {@code scope} is active;
   * {@code false, false} unmarks it. Returns whether any of its calls will compute blocked (an
   * mlpconv block also between its own stages).
   */
  boolean markBlocked(BlockedLayout scope, boolean input, boolean output);

  /**
   * Marks, for a kernel of several inputs, which of them (and their gradients) are blocked, in
   * input order; called after {@link #markBlocked}, whose {@code input} names the first only.
   */
  default void markInputsBlocked(boolean[] inputs) {}

  /** Whether it can read a blocked input only while writing its output blocked (a concatenation). */
  default boolean readsBlockedIntoBlockedOnly() {
    return false;
  }

  /**
   * Whether its backward returns every input's gradient in a buffer of its own that nothing but
   * the layer writing that input reads (an input given once); the network then lets that layer
   * write over it ({@link #allowOverwritingOutputGradient}).
   */
  default boolean ownsInputGradient() {
    return false;
  }

  /**
   * Says whether, during the network's training step, the gradient of its output is a buffer of
   * the one layer reading the output, or the sum of its several readers' gradients ({@link
   * GradientSum}), read by nobody after this layer's backward: the backward may then compute its
   * activation's gradient in it, in place. {@link #markBlocked} resets it.
   */
  default void allowOverwritingOutputGradient(boolean allowed) {}

  /**
   * The activation (ReLU) whose gradient the one layer reading its output may apply on that
   * layer's own output gradient instead ({@link #takesActivationGradient}), or null: max pooling
   * routes each window's gradient to the cell holding the window's maximum {@code p}, and there
   * ReLU's gradient is {@code p > 0}, so masking the pooled gradient by {@code p > 0} before the
   * pooling's backward gives exactly the gradient masked after it, on a tensor 4x smaller.
   */
  default Activation deferrableActivation() {
    return null;
  }

  /**
   * While {@code scope} is active, its backward takes its output's gradient as its activation's
   * gradient already (the reader applied it); null undoes it. {@link #markBlocked} resets it.
   */
  default void deferActivationGradient(BlockedLayout scope) {}

  /**
   * Whether it applies the gradient of its input's {@code activation} on its output's gradient,
   * before its own backward, while {@code scope} is active (max pooling of a ReLU's output); false
   * when it cannot. {@link #markBlocked} resets it.
   */
  default boolean takesActivationGradient(Activation activation, BlockedLayout scope) {
    return false;
  }
}
