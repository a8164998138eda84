package io.annet.runtime.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, turns a JVM shutdown (Ctrl-C, SIGTERM, {@code System.exit}) into an interrupt of
 * the training thread and holds the shutdown until training has stopped (at most {@link
 * #GRACE_SECONDS}), so that the trainer can write its checkpoint first.
 */
final class ShutdownGuard implements AutoCloseable {
  /** Longest the shutdown waits for the checkpoint. */
  static final long GRACE_SECONDS = 60;

  private final Thread trainer = Thread.currentThread();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook = new Thread(this::stopTraining, "annet-trainer-shutdown");

  ShutdownGuard() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private void stopTraining() {
    trainer.interrupt();
    try {
      stopped.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }
}
