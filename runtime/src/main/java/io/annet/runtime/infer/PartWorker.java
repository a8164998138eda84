package io.annet.runtime.infer;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that runs one task at a time for its owner (a {@link SplitPlan}), handed over by
 * a memory write instead of an executor's queue: after a task it spins for {@link #SPIN_NANOS}
 * (as OpenMP's threads do under {@code GOMP_SPINCOUNT}), so that the next call's task starts at
 * once, then parks; parked for {@link #IDLE_NANOS} it ends, and the next task starts a new thread.
 * It also ends when closed or when its owner is collected (a {@link Cleaner}). The caller waits
 * for the task by spinning briefly, then parking. Used by one thread at a time, like the plan.
 */
final class PartWorker implements AutoCloseable {
  /** {@code -Dannet.inferencePlan.spinMicros=N}: how long an idle worker spins before it parks. */
  static final String SPIN_PROPERTY = "annet.inferencePlan.spinMicros";
  /**
   * How long an idle worker spins for the next task: 300 us, about what libgomp's threads spin
   * under the runtime's {@code GOMP_SPINCOUNT=30000} (a benchmark's calls follow each other
   * within tens of microseconds; a worker idle longer gives its core back).
   */
  static final long SPIN_NANOS = Math.max(0, Long.getLong(SPIN_PROPERTY, 300)) * 1000;
  /** How long a parked worker waits for a task before its thread ends. */
  static final long IDLE_NANOS = 2_000_000_000L;
  /** How long the caller spins for the worker's task to finish before it parks. */
  private static final long WAIT_SPIN_NANOS = 200_000L;
  private static final Cleaner CLEANER = Cleaner.create(task -> {
    Thread t = new Thread(task, "annet-part-worker-cleaner");
    t.setDaemon(true);
    return t;
  });
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Crew crew;
  private final Cleaner.Cleanable cleanable;

  /** A worker for {@code owner}, stopped when the owner is collected; no thread until a task. */
  PartWorker(Object owner) {
    this(owner, IDLE_NANOS);
  }

  /** The same, its thread ending after {@code idleNanos} parked (tests). */
  PartWorker(Object owner, long idleNanos) {
    crew = new Crew(idleNanos);
    cleanable = CLEANER.register(owner, crew::stop);
  }

  /** What the worker's thread shares with its owner: never a reference to the owner itself. */
  private static final class Crew {
    static final int IDLE = 0;
    static final int POSTED = 1;
    static final int ENDED = 2;
    final AtomicInteger state = new AtomicInteger(ENDED);
    final long idleNanos;
    volatile Runnable task;
    volatile Throwable failure;
    volatile Thread thread;
    volatile boolean parked;
    volatile Thread waiter;
    volatile boolean stopped;

    Crew(long idleNanos) {
      this.idleNanos = idleNanos;
    }

    void stop() {
      stopped = true;
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Starts {@code task} on the worker's thread; {@link #await} before the next. */
  void start(Runnable task) {
    Crew c = crew;
    if (c.stopped) {
      throw new PlanException("the plan was closed");
    }
    c.failure = null;
    c.task = task;
    if (c.state.compareAndSet(Crew.IDLE, Crew.POSTED)) {
      if (c.parked) {
        LockSupport.unpark(c.thread);
      }
      return;
    }
    c.state.set(Crew.POSTED); // the last thread ended (ENDED): a new one
    Thread t = new Thread(() -> loop(c), "annet-inference-part-" + NAMES.incrementAndGet());
    t.setDaemon(true);
    c.thread = t;
    t.start();
  }

  /** Waits for the task {@link #start}ed last; rethrows what it threw. */
  void await() {
    Crew c = crew;
    long begin = System.nanoTime();
    while (c.state.get() == Crew.POSTED) {
      if (System.nanoTime() - begin < WAIT_SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        c.waiter = Thread.currentThread();
        if (c.state.get() == Crew.POSTED) {
          LockSupport.parkNanos(this, 1_000_000L);
        }
        c.waiter = null;
      }
    }
    Throwable f = c.failure;
    if (f != null) {
      c.failure = null;
      if (f instanceof RuntimeException r) {
        throw r;
      }
      if (f instanceof Error e) {
        throw e;
      }
      throw new PlanException("a part of the batch failed", f);
    }
  }

  /** The worker's thread while it has one (tests). */
  Thread thread() {
    Thread t = crew.thread;
    return t != null && t.isAlive() ? t : null;
  }

  /** Ends the thread once idle; a closed worker takes no task. */
  @Override
  public void close() {
    cleanable.clean();
  }

  private static void loop(Crew c) {
    while (true) {
      long begin = System.nanoTime();
      while (c.state.get() == Crew.IDLE && !c.stopped
          && System.nanoTime() - begin < SPIN_NANOS) {
        Thread.onSpinWait();
      }
      long idleSince = System.nanoTime();
      while (c.state.get() == Crew.IDLE) {
        if (c.stopped || System.nanoTime() - idleSince >= c.idleNanos) {
          if (c.state.compareAndSet(Crew.IDLE, Crew.ENDED)) {
            return;
          }
          break; // a task came in meanwhile
        }
        c.parked = true;
        if (c.state.get() == Crew.IDLE && !c.stopped) {
          LockSupport.parkNanos(c, c.idleNanos);
        }
        c.parked = false;
      }
      Runnable task = c.task;
      c.task = null; // the thread keeps no reference to its owner's objects between tasks
      try {
        task.run();
      } catch (Throwable e) {
        c.failure = e;
      }
      task = null; // nor in its frame while it parks: a collected owner stops it
      c.state.set(Crew.IDLE);
      Thread w = c.waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }
  }
}
