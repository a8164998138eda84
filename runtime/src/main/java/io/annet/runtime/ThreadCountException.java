package io.annet.runtime;

/**
 * A native thread count out of range, from {@link NativeThreads#setMax} or the {@code
 * OMP_NUM_THREADS} environment variable: refused before the natives see it, since libnd4j crashes
 * the JVM on counts below 1 or in the ten thousands, and runs many times slower on far more
 * threads than cores.
 */
public class ThreadCountException extends AnnetException {
  public ThreadCountException(String message) {
    super(message);
  }
}
