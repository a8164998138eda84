package io.annet.runtime.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.ConvPaths;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.AdamW;
import io.annet.runtime.optim.Optimizer;
import io.annet.runtime.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Steady-state training of the two MNIST example models (their kernels called as their generated
 * {@code trainStep} calls them, then an SGD, Adam or AdamW update) creates no array, no view and
 * no op context per step: the float convolutions run on oneDNN primitives built once per batch
 * size. A large 1x1 convolution forced onto its per-example GEMMs (the path without oneDNN)
 * creates nothing either.
 *
 * <p>The count: ND4J 1.0.0-M2.1 draws an id from {@code Nd4j.getDeallocatorService()
 * .nextValue()} for every data buffer it constructs (views included) and every op context, so the
 * difference of two reads, minus the one the read itself draws, is what the step created.
 */
class SteadyStateAllocationTest {
  private static long created(Runnable step) {
    long before = Nd4j.getDeallocatorService().nextValue();
    step.run();
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }

  /** Objects per step: none (libnd4j's conv2d/conv2d_bp built two contexts per convolution). */
  private static final int GAP_CONTEXTS = 0;

  private static final int FC_CONTEXTS = 0;

  private static void assertNoAllocation(String model, KernelChain chain, int contexts) {
    assertNoAllocation(model, chain, contexts, new Sgd(0.05, 0.9));
  }

  private static void assertNoAllocation(
      String model, KernelChain chain, int contexts, Optimizer optimizer) {
    INDArray x = Nd4j.rand(FLOAT, 8, 1, 28, 28);
    INDArray labels = Nd4j.zeros(FLOAT, 8, 10);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, (3 * i) % 10, 1.0);
    }
    Optimizer sgd = optimizer;
    double first = chain.trainStep(x, labels, null, null);
    chain.update(sgd); // warm-up: buffers for this batch size, optimizer state
    int n = chain.names().size();
    long[] forward = new long[n];
    long[] backward = new long[n];
    double[] loss = new double[1];
    int steps = 5;
    long total = created(() -> {
      for (int i = 0; i < steps; i++) {
        loss[0] = chain.trainStep(x, labels, null, null);
        chain.update(sgd);
      }
    });
    // per layer, to name the culprit when the total is not 0 (the meter read counts 1 per read)
    chain.trainStep(x, labels, forward, backward, () -> Nd4j.getDeallocatorService().nextValue());
    StringBuilder perLayer = new StringBuilder();
    for (int i = 0; i < n; i++) {
      perLayer.append(String.format(" %s %d/%d", chain.names().get(i), forward[i] - 1,
          backward[i] - 1));
    }
    assertEquals((long) steps * contexts, total,
        model + ": native buffers and contexts created in " + steps + " steps; per layer"
        + " (forward/backward):" + perLayer);
    assertTrue(loss[0] < first, model + ": the steps trained, loss " + first + " -> " + loss[0]);
  }

  @Test
  void gapHeadTrainsWithoutAllocating() {
    assertNoAllocation("MnistGapHead", new KernelChain(MnistModels.gapHead(FLOAT, 3)),
        GAP_CONTEXTS);
  }

  @Test
  void fcHeadTrainsWithoutAllocating() {
    assertNoAllocation("MnistFcHead", new KernelChain(MnistModels.fcHead(FLOAT, 3)),
        FC_CONTEXTS);
  }

  @Test
  void adamAndAdamWUpdateWithoutAllocating() {
    assertNoAllocation("MnistGapHead with Adam", new KernelChain(MnistModels.gapHead(FLOAT, 4)),
        GAP_CONTEXTS, new Adam(1e-3, 0.9, 0.999, 1e-8, 1e-4));
    assertNoAllocation("MnistFcHead with AdamW", new KernelChain(MnistModels.fcHead(FLOAT, 4)),
        FC_CONTEXTS, new AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2));
  }

  @Test
  void largeOneByOneConvolutionsOnPerExampleGemmsAllocateNothing() {
    ConvLayer conv = ConvPaths.withPath("GEMM_PER_EXAMPLE", "c", new int[] {8, 32, 32}, 6,
        Window.square(1, 1, 0), Activation.RELU, true, FLOAT, new Initializer(2));
    assertEquals("GEMM_PER_EXAMPLE", ConvPaths.pathOf(conv));
    INDArray x = Nd4j.rand(FLOAT, 3, 8, 32, 32);
    INDArray g = Nd4j.rand(FLOAT, 3, 6, 32, 32);
    conv.backward(conv.forward(x, true), g);
    assertEquals(0, created(() -> conv.backward(conv.forward(x, true), g)));
  }

  @Test
  void aNewBatchSizeAllocatesOnceThenNoMore() {
    KernelChain chain = new KernelChain(MnistModels.gapHead(FLOAT, 5));
    List<Integer> sizes = List.of(4, 6);
    for (int n : sizes) {
      INDArray x = Nd4j.rand(FLOAT, n, 1, 28, 28);
      INDArray labels = Nd4j.zeros(FLOAT, n, 10);
      labels.getColumn(1).assign(1.0);
      long first = created(() -> chain.trainStep(x, labels, null, null));
      long second = created(() -> chain.trainStep(x, labels, null, null));
      assertTrue(first > 0, "batch " + n + ": new buffers on the first step");
      assertEquals(GAP_CONTEXTS, second, "batch " + n + ": nothing on the second");
    }
  }
}
