package io.annet.runtime.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass of an {@link ImageSource}: background threads decode the batches in order into a
 * bounded set of reused {@link BatchSlot}s, and the training thread takes them in order. A
 * thread first takes a free slot, then the next batch number, so the earliest unfinished batch
 * always has a slot and the pass cannot deadlock; a slot goes back when the next batch is taken.
 * A decoding error stops the pass and is thrown by {@link #next} on the training thread.
 */
final class PrefetchStream implements BatchStream {
  /** Fills one example of a batch; implemented by the source. */
  interface Filler {
    /** Loads example {@code example} (an index into the source) into {@code slot} at {@code at}. */
    void fill(int example, BatchSlot slot, int at, float[] pixels, float[] scratch);
  }

  private final int[] order;
  private final int batchSize;
  private final int batches;
  private final Filler filler;
  private final int exampleLength;
  private final Semaphore permits;
  private final ArrayDeque<BatchSlot> free;
  private final BatchSlot partial;
  private final AtomicInteger nextToFill = new AtomicInteger();
  private final Map<Integer, BatchSlot> ready = new HashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private final Object lock = new Object();
  private RuntimeException failure;
  private BatchSlot handedOut;
  private int nextToTake;
  private volatile boolean closed;

  /**
   * Starts {@code threads} decoding threads over {@code full} (slots of {@code batchSize}) and
   * {@code partial} (the last, shorter batch's slot; null when the size divides).
   */
  PrefetchStream(int[] order, int batchSize, List<BatchSlot> full, BatchSlot partial,
      int exampleLength, int threads, Filler filler) {
    this.order = order;
    this.batchSize = batchSize;
    this.batches = (order.length + batchSize - 1) / batchSize;
    this.filler = filler;
    this.exampleLength = exampleLength;
    this.permits = new Semaphore(full.size());
    this.free = new ArrayDeque<>(full);
    this.partial = partial;
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(this::work, "annet-decode-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
  }

  private void work() {
    float[] pixels = new float[exampleLength];
    float[] scratch = new float[exampleLength];
    try {
      while (!closed) {
        permits.acquire();
        int k = nextToFill.getAndIncrement();
        if (k >= batches) {
          permits.release();
          return;
        }
        int n = Math.min(batchSize, order.length - k * batchSize);
        BatchSlot slot;
        synchronized (lock) {
          slot = n == batchSize ? free.poll() : partial;
        }
        slot.index = k;
        for (int i = 0; i < n && !closed; i++) {
          filler.fill(order[k * batchSize + i], slot, i, pixels, scratch);
        }
        synchronized (lock) {
          ready.put(k, slot);
          lock.notifyAll();
        }
      }
    } catch (InterruptedException e) {
      // closed while waiting for a slot
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r
              : new io.annet.runtime.AnnetException("decoding an image failed: " + e, e);
        }
        lock.notifyAll();
      }
    }
  }

  @Override
  public boolean hasNext() {
    return nextToTake < batches;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no batch after " + nextToTake);
    }
    if (closed) {
      throw new IllegalStateException("the batch stream is closed");
    }
    giveBack();
    boolean interrupted = false;
    BatchSlot slot;
    RuntimeException failed;
    synchronized (lock) {
      // Waits without giving up on an interrupt: the trainer checks the flag after the step.
      while ((slot = ready.remove(nextToTake)) == null && failure == null) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      failed = slot == null ? failure : null;
    }
    if (failed != null) {
      close(); // outside the lock, which the decoding threads need to finish
      throw failed;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    nextToTake++;
    handedOut = slot;
    return slot.batch();
  }

  /** Returns the batch handed out last to the decoding threads. */
  private void giveBack() {
    if (handedOut != null) {
      synchronized (lock) {
        if (handedOut != partial) {
          free.add(handedOut);
        }
      }
      handedOut = null;
      permits.release();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = Thread.interrupted();
    for (Thread worker : workers) {
      worker.interrupt();
    }
    for (Thread worker : workers) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(30)); // at most one image's decoding
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether every decoding thread has ended (so the slots may be reused). */
  boolean stopped() {
    return workers.stream().noneMatch(Thread::isAlive);
  }
}
