package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.runtime.ConcurrentUseException;
import io.annet.runtime.Network;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generated {@code classActivationMap} (chain and graph) claims its network like the base
 * class's operations (issue 11, item 10): called while another thread uses the network, it fails
 * naming both threads instead of sharing the layers' buffers.
 */
class GeneratedConcurrencyTest {
  private static void refusedWhileHeld(Network net, Function<INDArray, INDArray> cam)
      throws Exception {
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
    INDArray expected = cam.apply(x);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      net.claim("training");
      try {
        held.countDown();
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        net.release();
      }
    }, "trainer-thread");
    holder.start();
    held.await();
    try {
      ConcurrentUseException e = assertThrows(ConcurrentUseException.class, () -> cam.apply(x));
      assertTrue(e.getMessage().contains("classActivationMap")
          && e.getMessage().contains("'trainer-thread'"), e.getMessage());
    } finally {
      done.countDown();
      holder.join();
    }
    assertEquals(expected, cam.apply(x), "usable again, and untouched by the refused call");
  }

  @Test
  void classActivationMapsOfChainsAndGraphsClaimTheNetwork() throws Exception {
    MnistGapHeadNetwork chain = MnistGapHeadNetwork.create(1);
    refusedWhileHeld(chain, x -> chain.classActivationMap(x, 3));
    InceptionMnistNetwork graph = InceptionMnistNetwork.create(2);
    refusedWhileHeld(graph, x -> graph.classActivationMap(x, 3));
  }
}
