package io.annet.runtime.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link PartWorker}: runs each task on its own thread and hands back what it threw; its thread
 * ends when the worker is closed, when its owner is collected, or after its idle time, and a task
 * after that starts a new one.
 */
class PartWorkerTest {
  private static final long HOUR = 3_600_000_000_000L;

  @Test
  void runsTasksOnItsThreadOneAfterTheOther() {
    Object owner = new Object();
    try (PartWorker worker = new PartWorker(owner, HOUR)) {
      AtomicInteger runs = new AtomicInteger();
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      for (int i = 0; i < 200; i++) {
        worker.start(() -> {
          ranOn.set(Thread.currentThread());
          runs.incrementAndGet();
        });
        worker.await();
        assertEquals(i + 1, runs.get(), "task " + i + " finished before await returned");
      }
      assertNotSame(Thread.currentThread(), ranOn.get());
      assertSame(worker.thread(), ranOn.get(), "one thread served every task");
      assertTrue(ranOn.get().isDaemon());
    }
  }

  @Test
  void aTaskThatThrowsFailsItsAwaitOnly() {
    try (PartWorker worker = new PartWorker(new Object(), HOUR)) {
      worker.start(() -> {
        throw new IllegalArgumentException("part failed");
      });
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, worker::await);
      assertEquals("part failed", e.getMessage());
      AtomicInteger runs = new AtomicInteger();
      worker.start(runs::incrementAndGet);
      worker.await(); // the failure was handed back once
      assertEquals(1, runs.get());
    }
  }

  @Test
  void closingEndsTheThreadAndRefusesTasks() throws InterruptedException {
    PartWorker worker = new PartWorker(new Object(), HOUR);
    worker.start(() -> { });
    worker.await();
    Thread thread = worker.thread();
    assertNotNull(thread, "the thread spins or parks between tasks");
    worker.close();
    thread.join(1_000);
    assertFalse(thread.isAlive(), "the thread ended on close");
    assertThrows(PlanException.class, () -> worker.start(() -> { }));
    worker.close(); // twice: nothing
  }

  @Test
  void anIdleThreadEndsAndTheNextTaskStartsANewOne() throws InterruptedException {
    try (PartWorker worker = new PartWorker(new Object(), 20_000_000L)) { // 20 ms
      worker.start(() -> { });
      worker.await();
      Thread first = worker.thread();
      first.join(2_000);
      assertFalse(first.isAlive(), "idle for 20 ms, the thread ended");
      AtomicInteger runs = new AtomicInteger();
      worker.start(runs::incrementAndGet);
      worker.await();
      assertEquals(1, runs.get());
      assertNotSame(first, worker.thread());
    }
  }

  @Test
  void aCollectedOwnerStopsTheThread() throws InterruptedException {
    Thread thread = startedWorkerOfACollectableOwner();
    for (int i = 0; i < 100 && thread.isAlive(); i++) {
      System.gc();
      thread.join(50);
    }
    assertFalse(thread.isAlive(), "the owner was collected: its worker's thread ended");
  }

  /** A worker (idle time an hour) whose owner nothing references once this returns. */
  private static Thread startedWorkerOfACollectableOwner() {
    Object owner = new Object();
    PartWorker worker = new PartWorker(owner, HOUR);
    worker.start(() -> { });
    worker.await();
    return worker.thread();
  }
}
