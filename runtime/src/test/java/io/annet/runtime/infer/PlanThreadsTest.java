package io.annet.runtime.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.NativeThreads;
import io.annet.runtime.layers.OneDnn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The thread count of each primitive of an inference plan: with spinning OpenMP threads (the
 * runtime's default {@code GOMP_SPINCOUNT}) small primitives share the cores down to {@link
 * PlanCompiler#SPINNING_SMALL_FLOPS}; a part of a split batch stays on one thread.
 */
class PlanThreadsTest {
  @Test
  void spinningThreadsTakeSmallerPrimitives() {
    Assumptions.assumeTrue(OneDnn.available(), OneDnn.status());
    assertTrue(NativeThreads.spinning(), "the native defaults set GOMP_SPINCOUNT in this JVM");
    PlanCompiler two = new PlanCompiler(2);
    try {
      // MNIST's 3x3 32 -> 64 convolution at batch 1 (7 MFLOP): one thread under 30 MFLOP before
      assertEquals(2, two.threadsForFlops(7_225_344L));
      assertEquals(1, two.threadsForFlops(PlanCompiler.SPINNING_SMALL_FLOPS - 1));
      assertEquals(2, two.threadsForElements(100_352)); // MNIST conv1 output at batch 4
      assertEquals(2, two.threadsForElements(25_088)); // MNIST conv1 output at batch 1
      assertEquals(1, two.threadsForElements(PlanCompiler.SPINNING_SMALL_ELEMENTS - 1));
    } finally {
      two.close();
    }
    PlanCompiler part = new PlanCompiler(1);
    try {
      assertEquals(1, part.threadsForFlops(1_000_000_000L));
      assertEquals(1, part.threadsForElements(10_000_000L));
    } finally {
      part.close();
    }
  }
}
