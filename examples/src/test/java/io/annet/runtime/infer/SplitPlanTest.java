package io.annet.runtime.infer;

import static io.annet.runtime.infer.InferencePlanTest.assertClose;
import static io.annet.runtime.infer.InferencePlanTest.input;
import static io.annet.runtime.infer.InferencePlanTest.reference;
import static io.annet.runtime.infer.InferencePlanTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.Network;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SplitPlan}'s threads take a call's chunks from one counter: whichever thread takes which
 * chunks (a late worker takes none), the result equals the forward pass, a thread's first chunk of
 * a call re-reads weights that changed, nothing is allocated, and closing stops the worker.
 */
class SplitPlanTest {
  @Test
  void chunksTakenByEitherThreadEqualTheForwardPass() throws InterruptedException {
    for (Network net : List.of(MnistGapHeadNetwork.create(41), ResNetCifarNetwork.create(42))) {
      String name = net.architecture().modelName();
      SplitPlan split = SplitPlan.build(net, 64, 2, Set.of());
      try {
        for (int round = 0; round < 4; round++) {
          if (round == 2) {
            train(net, 2); // the worker's plan last ran before: its first chunk binds the new weights
          }
          boolean lateWorker = round % 2 == 0;
          split.delayWorkers(lateWorker ? SplitPlanTest::sleep50 : null);
          INDArray x = input(net, 64, 80 + round);
          assertClose(reference(net, x), split.run(x).dup(), name + ", round " + round);
          long[] taken = split.chunksTaken();
          assertEquals(16, taken[0] + taken[1], name + ": every chunk once, round " + round);
          if (lateWorker) {
            assertArrayEquals(new long[] {16, 0}, taken, name + ": the caller took every chunk");
          }
        }
        split.delayWorkers(null);
        INDArray x = input(net, 64, 90);
        split.run(x);
        long before = Nd4j.getDeallocatorService().nextValue();
        for (int i = 0; i < 5; i++) {
          split.run(x);
        }
        assertEquals(1, Nd4j.getDeallocatorService().nextValue() - before,
            name + ": calls create no ND4J object");
        List<Thread> workers = split.workerThreads();
        assertEquals(1, workers.size(), name + ": one worker for the second part");
        split.close();
        workers.get(0).join(1_000);
        assertFalse(workers.get(0).isAlive(), name + ": closing the plan ended its worker");
        assertTrue(split.workerThreads().isEmpty());
      } finally {
        split.close();
      }
    }
  }

  private static void sleep50() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
