package io.annet.runtime;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The owner of a network for the duration of a call: one compare-and-set at the start of each
 * public operation and one write at its end, so that a second thread entering while the first is
 * inside fails loudly instead of sharing the layers' buffers. Re-entrant for the owning thread
 * (an operation may call another, a trainer may hold the network across its steps). Creates no
 * object and no native array.
 */
final class ExclusiveUse {
  private final String model;
  private final AtomicReference<Thread> owner = new AtomicReference<>();
  private volatile String operation = "";
  private int depth; // read and written by the owner only

  ExclusiveUse(String model) {
    this.model = model;
  }

  /** Makes the current thread the owner, or throws naming the thread that is. */
  void claim(String what) {
    Thread me = Thread.currentThread();
    if (owner.get() == me) {
      depth++;
      return;
    }
    if (!owner.compareAndSet(null, me)) {
      Thread other = owner.get();
      throw new ConcurrentUseException(
          model + " is not thread-safe: " + what + " was called on thread '" + me.getName()
              + "' while thread '" + (other == null ? "(just finished)" : other.getName())
              + "' was inside " + operation + "; give each thread its own network (copy())");
    }
    operation = what;
    depth = 1;
  }

  /** Ends the current thread's claim (the outermost one frees the network). */
  void release() {
    Thread me = Thread.currentThread();
    if (owner.get() != me) {
      Thread other = owner.get();
      throw new ConcurrentUseException(
          model + ": release() on thread '" + me.getName() + "', which does not hold the network"
              + (other == null ? "" : " (thread '" + other.getName() + "' does)"));
    }
    if (--depth == 0) {
      owner.set(null);
    }
  }
}
