package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One network used from two threads (issue 11, item 10): the second thread's call fails with
 * {@link ConcurrentUseException} naming both threads, and no call returns a wrong result.
 */
class ConcurrentUseTest {
  @TempDir Path dir;

  /** Runs {@code body} on a thread named {@code name} while it holds {@code net}. */
  private static void whileHeldBy(String name, Network net, Runnable body) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      net.claim("a long job");
      try {
        held.countDown();
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        net.release();
      }
    }, name);
    holder.start();
    held.await();
    try {
      body.run();
    } finally {
      done.countDown();
      holder.join();
    }
  }

  @Test
  void everyPublicOperationRefusesASecondThreadNamingBoth() throws Exception {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 4, 4);
    INDArray expected = net.predict(x);
    Thread.currentThread().setName("caller");
    whileHeldBy("holder", net, () -> {
      List<Runnable> calls = List.of(
          () -> net.predict(x),
          () -> net.predict(x, Nd4j.create(DataType.FLOAT, 3, 3)),
          () -> net.computeGradients(x, new int[] {0, 1, 2}),
          () -> net.computeGradients(x, Nd4j.eye(3).castTo(DataType.FLOAT)),
          net::copy,
          () -> {
            try {
              net.save(dir.resolve("n.ckpt"));
            } catch (java.io.IOException e) {
              throw new AssertionError(e);
            }
          });
      for (Runnable call : calls) {
        ConcurrentUseException e = assertThrows(ConcurrentUseException.class, call::run);
        assertTrue(e.getMessage().contains("'caller'") && e.getMessage().contains("'holder'")
            && e.getMessage().contains("a long job") && e.getMessage().contains("copy()"),
            e.getMessage());
      }
      assertThrows(ConcurrentUseException.class, net::release, "only the holder may release");
    });
    // after the holder let go, the network works and was not touched by the refused calls
    assertEquals(expected, net.predict(x));
  }

  @Test
  void theOwningThreadMayNestCalls() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 2);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 4, 4);
    net.claim("step and update");
    try {
      net.computeGradients(x, new int[] {0, 1});
      net.predict(x);
    } finally {
      net.release();
    }
    assertThrows(ConcurrentUseException.class, net::release, "released twice");
  }

  @Test
  void twoThreadsHammeringOneNetworkNeverGetAWrongResultSilently() throws Exception {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 3);
    int threads = 2;
    INDArray[] inputs = new INDArray[threads];
    double[][] expected = new double[threads][];
    for (int t = 0; t < threads; t++) {
      inputs[t] = Nd4j.rand(DataType.FLOAT, 16 + 8 * t, 1, 4, 4); // different batch sizes too
      expected[t] = values(net.copy().predict(inputs[t]));
    }
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    AtomicReference<Throwable> other = new AtomicReference<>();
    CyclicBarrier start = new CyclicBarrier(threads);
    long deadline = System.nanoTime() + 20_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 300 || (refused.get() == 0 && System.nanoTime() < deadline); i++) {
            try {
              double[] got = values(net.predict(inputs[me]));
              if (!java.util.Arrays.equals(expected[me], got)) {
                wrong.incrementAndGet();
              }
            } catch (ConcurrentUseException e) {
              refused.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          other.set(e);
        }
      }, "worker-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    assertEquals(null, other.get());
    assertEquals(0, wrong.get(), "results that differ from a single-threaded run");
    assertTrue(refused.get() > 0, "the overlapping calls were detected");
    assertArrayEquals(expected[0], values(net.predict(inputs[0])));
  }

  @Test
  void aTrainerHoldsTheNetworkBetweenAGradientStepAndItsUpdate() throws Exception {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 4);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 4, 4);
    Dataset data = new Dataset(x, new int[] {0, 1, 2, 0, 1, 2, 0, 1}, 3);
    AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();
    TrainingListener intruder = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double perSecond) {
        Thread t = new Thread(() -> {
          try {
            net.predict(x);
          } catch (Throwable e) {
            fromOtherThread.set(e);
          }
        });
        t.start();
        try {
          t.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    };
    Trainer.builder().optimizer(new Sgd(0.1, 0)).batchSize(4).listener(intruder).build()
        .fit(net, data);
    assertTrue(fromOtherThread.get() instanceof ConcurrentUseException
        && fromOtherThread.get().getMessage().contains("Trainer.fit"),
        String.valueOf(fromOtherThread.get()));
    net.predict(x); // free again once fit returned
  }

  private static double[] values(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }
}
