package io.annet.runtime.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.MobileMnistNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.InceptionV4Network;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.optim.Sgd;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole-network inference plan against the network's ordinary forward pass, on every example
 * model, at batch 1 and 64, before and after training steps (which move the weights in place and
 * the batch-norm statistics away from 0 and 1: stale folded parameters would show).
 */
class InferencePlanTest {
  /** Largest relative difference allowed between the plan's and the forward pass's probabilities. */
  static final double TOLERANCE = 1e-5;

  @Test
  void mnistGapPlanEqualsTheForwardPass() {
    checkModel(() -> MnistGapHeadNetwork.create(1));
  }

  @Test
  void mnistFcPlanEqualsTheForwardPass() {
    checkModel(() -> MnistFcHeadNetwork.create(2));
  }

  @Test
  void mobileMnistPlanEqualsTheForwardPass() {
    checkModel(() -> MobileMnistNetwork.create(3));
  }

  @Test
  void ninCifarPlanEqualsTheForwardPass() {
    checkModel(() -> NinCifar10Network.create(4));
  }

  @Test
  void resNetCifarPlanEqualsTheForwardPass() {
    checkModel(() -> ResNetCifarNetwork.create(5));
  }

  @Test
  void inceptionMnistPlanEqualsTheForwardPass() {
    checkModel(() -> InceptionMnistNetwork.create(6));
  }

  @Test
  void batchesSplitAcrossThreadsEqualTheForwardPass() {
    for (Network net : List.of(MnistGapHeadNetwork.create(16), ResNetCifarNetwork.create(17),
        InceptionMnistNetwork.create(18), MobileMnistNetwork.create(19))) {
      String name = net.architecture().modelName();
      InferenceRoute two = new InferenceRoute(net, unused -> fail("no plan"), Set.of(), 2);
      InferenceRoute three = new InferenceRoute(net, unused -> fail("no plan"), Set.of(), 3);
      for (int round = 0; round < 2; round++) {
        if (round > 0) {
          train(net, 2);
        }
        INDArray x = input(net, 48, 30 + round);
        INDArray expected = reference(net, x);
        assertClose(expected, two.forward(x).dup(), name + " in 2 parts, round " + round);
        assertClose(expected, three.forward(x).dup(), name + " in 3 parts, round " + round);
        assertEquals(null, two.plan(48), name + ": not split");
      }
      INDArray odd = input(net, 17, 40); // 17 examples do not split: one plan
      assertClose(reference(net, odd), two.forward(odd).dup(), name + ", 17 examples");
      assertTrue(two.plan(17) != null, name + ": 17 examples split");
    }
    // a layer's own forward is not thread-safe: a plan running one is never split
    Network net = ResNetCifarNetwork.create(20);
    InferenceRoute route =
        new InferenceRoute(net, unused -> fail("no plan"), Set.of("GlobalAvgPool"), 2);
    INDArray x = input(net, 32, 50);
    assertClose(reference(net, x), route.forward(x).dup(), "ResNetCifar with a fallback");
    assertTrue(route.plan(32) != null, "a plan with a fallback was split");
  }

  @Test
  void partsRunInChunksThatEqualTheForwardPass() {
    assertEquals(4, SplitPlan.chunk(32)); // MNIST GAP at batch 64 on 2 threads
    assertEquals(3, SplitPlan.chunk(9));
    assertEquals(0, SplitPlan.chunk(4)); // a part of one chunk runs whole
    assertEquals(0, SplitPlan.chunk(13)); // chunks of one example would re-read the weights
    for (Network net : List.of(MnistGapHeadNetwork.create(21), ResNetCifarNetwork.create(22))) {
      String name = net.architecture().modelName();
      for (int n : new int[] {64, 18}) {
        SplitPlan split = SplitPlan.build(net, n, 2, Set.of());
        try {
          assertEquals(n == 64 ? 4 : 3, split.partBatch(), name + ": chunk of a part of " + n);
          for (int round = 0; round < 2; round++) {
            if (round > 0) {
              train(net, 2); // the first chunk of a call binds and reorders the new weights
            }
            INDArray x = input(net, n, 60 + n + round);
            assertClose(reference(net, x), split.run(x).dup(),
                name + ", " + n + " examples in chunks, round " + round);
          }
          INDArray x = input(net, n, 70);
          long before = Nd4j.getDeallocatorService().nextValue();
          split.run(x);
          assertEquals(1, Nd4j.getDeallocatorService().nextValue() - before,
              name + ": a call in chunks creates no ND4J object");
        } finally {
          split.close();
        }
      }
    }
  }

  /**
   * Inception-v4 at batch 1: 2.5 s, but the network and its reference copy hold about 700 MB of
   * native memory until a collection, too much for the regular suite; it runs with the long
   * reliability runs ({@code -Pfuzz}).
   */
  @Test
  @EnabledIfSystemProperty(named = "annet.fuzz", matches = "true")
  void inceptionV4PlanEqualsTheForwardPassAtBatchOne() {
    Network net = InceptionV4Network.create(11);
    InferenceRoute route = new InferenceRoute(net, unused -> fail("no plan for Inception-v4"));
    INDArray x = input(net, 1, 21);
    assertClose(reference(net, x), route.forward(x).dup(), "InceptionV4 batch 1");
  }

  @Test
  void batchNormAndResidualSumsFuseIntoTheConvolutions() {
    Network net = ResNetCifarNetwork.create(10);
    InferenceRoute route = new InferenceRoute(net, unused -> fail("no plan"));
    route.forward(input(net, 2, 3));
    List<String> kinds = route.plan(2).implementations().stream()
        .map(s -> s.substring(0, s.indexOf(' '))).toList();
    // 6 convolutions (each with its batch norm, 2 with their sum and ReLU), GAP, dense, softmax
    assertEquals(List.of("convolution", "convolution", "convolution", "convolution",
        "convolution", "convolution", "pooling", "inner_product", "softmax"), kinds);
    for (String implementation : route.plan(2).implementations()) {
      assertFalse(implementation.contains(" ref"), "oneDNN's reference code: " + implementation);
    }
  }

  @Test
  void kindsWithoutTheHookRunTheirOwnForwardInsideThePlan() {
    Network net = ResNetCifarNetwork.create(7);
    train(net, 2);
    INDArray x = input(net, 3, 11);
    InferenceRoute route = new InferenceRoute(net, unused -> fail("the plan was not built"),
        Set.of("BatchNorm", "Add", "GlobalAvgPool"));
    assertClose(reference(net, x), route.forward(x).dup(), "ResNetCifar, fallbacks");
    Network inception = InceptionMnistNetwork.create(8);
    train(inception, 2);
    INDArray y = input(inception, 2, 12);
    InferenceRoute concat = new InferenceRoute(inception, unused -> fail("no plan"),
        Set.of("Concat", "Conv"));
    assertClose(reference(inception, y), concat.forward(y).dup(), "InceptionMnist, fallbacks");
  }

  @Test
  void thePropertyTurnsThePlanOff() {
    Network net = MnistGapHeadNetwork.create(9);
    System.setProperty(InferenceRoute.PROPERTY, "false");
    try {
      InferenceRoute route = new InferenceRoute(net, x -> null);
      assertTrue(route.status().contains("off"), route.status());
      assertEquals(null, route.forward(input(net, 1, 1)));
    } finally {
      System.clearProperty(InferenceRoute.PROPERTY);
    }
  }

  /** Batch 1 and 64 before training, then again after two and after four training steps. */
  private static void checkModel(Supplier<Network> make) {
    Network net = make.get();
    // one route for all rounds: its plans, built in round 0, must see every later weight update
    InferenceRoute route = new InferenceRoute(net,
        unused -> fail("the plan was not built for " + net.architecture().modelName()));
    for (int round = 0; round < 3; round++) {
      if (round > 0) {
        train(net, 2);
      }
      for (int n : new int[] {1, 64}) {
        INDArray x = input(net, n, 100 * round + n);
        String what = net.architecture().modelName() + " batch " + n + " round " + round;
        INDArray expected = reference(net, x);
        assertClose(expected, route.forward(x).dup(), what + " (plan)");
        assertClose(expected, net.predict(x), what + " (predict)");
      }
    }
  }

  /** The ordinary forward pass: a copy of the network predicting with the plan turned off. */
  static INDArray reference(Network net, INDArray x) {
    System.setProperty(InferenceRoute.PROPERTY, "false");
    try {
      return net.copy().predict(x);
    } finally {
      System.clearProperty(InferenceRoute.PROPERTY);
    }
  }

  /** Steps of SGD with momentum on random labels, moving weights and batch statistics. */
  static void train(Network net, int steps) {
    Sgd sgd = new Sgd(0.05, 0.9);
    for (int i = 0; i < steps; i++) {
      INDArray x = input(net, 8, 1000 + i);
      int[] labels = new int[8];
      for (int j = 0; j < labels.length; j++) {
        labels[j] = (j * 7 + i) % net.architecture().classes();
      }
      net.computeGradients(x, labels);
      sgd.step(net.parameters(), net.gradients());
    }
  }

  static INDArray input(Network net, int n, long seed) {
    int[] shape = net.architecture().inputShape();
    long[] dims = new long[shape.length + 1];
    dims[0] = n;
    for (int i = 0; i < shape.length; i++) {
      dims[i + 1] = shape[i];
    }
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, dims).muli(2).subi(1);
  }

  /** Every probability within {@link #TOLERANCE} of the expected one, relative to the largest. */
  static void assertClose(INDArray expected, INDArray actual, String what) {
    assertEquals(java.util.Arrays.toString(expected.shape()),
        java.util.Arrays.toString(actual.shape()), what);
    double scale = expected.amaxNumber().doubleValue();
    double worst = Nd4j.math.abs(expected.sub(actual)).maxNumber().doubleValue() / scale;
    assertTrue(worst <= TOLERANCE, what + ": relative difference " + worst);
  }
}
