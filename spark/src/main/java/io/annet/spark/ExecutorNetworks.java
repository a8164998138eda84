package io.annet.spark;

import io.annet.runtime.Network;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The networks an executor JVM keeps between steps: one per task slot and network spec, created
 * on first use and lent to one task at a time, so a step neither re-creates a network nor reloads
 * weights it already holds.
 */
final class ExecutorNetworks {
  /** A pooled network and the weights version it holds. */
  static final class Slot {
    final Network network;
    final FlatParameters layout;
    long weightsVersion = -1;

    Slot(Network network) {
      this.network = network;
      this.layout = FlatParameters.of(network);
    }
  }

  private static final Map<NetworkSpec, ConcurrentLinkedDeque<Slot>> POOLS =
      new ConcurrentHashMap<>();
  private static final AtomicInteger CREATED = new AtomicInteger();

  private ExecutorNetworks() {}

  /** A network for {@code spec} lent to the calling task; give it back with {@link #release}. */
  static Slot borrow(NetworkSpec spec) {
    Slot slot = POOLS.computeIfAbsent(spec, s -> new ConcurrentLinkedDeque<>()).pollFirst();
    if (slot == null) {
      slot = new Slot(spec.create());
      CREATED.incrementAndGet();
    }
    return slot;
  }

  /** Returns a lent network to the pool. */
  static void release(NetworkSpec spec, Slot slot) {
    POOLS.get(spec).addFirst(slot);
  }

  /** Networks this JVM has created so far (for tests: no re-creation between steps). */
  static int created() {
    return CREATED.get();
  }
}
