package io.annet.runtime.infer;

/**
 * A network, or a batch size of it, that the inference plan cannot serve (oneDNN refused a
 * primitive, an activation without a post-op): {@link InferenceRoute} then runs the network's
 * ordinary forward pass, and says why in its status.
 */
final class PlanException extends RuntimeException {
  PlanException(String message) {
    super(message);
  }

  PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
