package io.annet.runtime;

/**
 * A call would need more native memory than JavaCPP allows this process or the machine has free:
 * refused before anything is allocated, naming the estimate and what is available.
 */
public class NativeMemoryException extends AnnetException {
  public NativeMemoryException(String message) {
    super(message);
  }
}
