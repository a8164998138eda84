package io.annet.runtime;

/**
 * Two threads used one network at the same time: refused before the second call touched anything,
 * since its layers reuse their buffers between calls and both would compute wrong results.
 */
public class ConcurrentUseException extends AnnetException {
  public ConcurrentUseException(String message) {
    super(message);
  }
}
