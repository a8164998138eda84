package io.annet.runtime.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One way of computing a layer kind's native calls (oneDNN's primitives, libnd4j's ops, GEMMs);
 * a kernel holds exactly one and asks {@link #ready} for it before each call, so that oneDNN's
 * refusal of a shape swaps it for its fallback in this one place, for good.
 *
 * @param <B> the layer kind's backend interface
 */
interface Backend<B extends Backend<B>> {
  /**
   * Builds what a forward ({@code backward = false}) or backward call on {@code batch} needs, or
   * throws {@link OneDnn.Unsupported} when oneDNN refuses its shape; by default nothing to build.
   */
  default void prepare(INDArray batch, boolean backward) {}

  /** What computes the layer once oneDNN refused it (libnd4j without helpers); by default this. */
  @SuppressWarnings("unchecked")
  default B fallback() {
    return (B) this;
  }

  /**
   * {@code backend}, built for a call on {@code batch}; or its {@link #fallback} when oneDNN
   * refuses the shape (e.g. a huge stride): the caller keeps the returned backend from then on.
   */
  static <B extends Backend<B>> B ready(B backend, INDArray batch, boolean backward) {
    try {
      backend.prepare(batch, backward);
      return backend;
    } catch (OneDnn.Unsupported e) {
      B fallback = backend.fallback();
      fallback.prepare(batch, backward);
      return fallback;
    }
  }
}
