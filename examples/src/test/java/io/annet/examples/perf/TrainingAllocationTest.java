package io.annet.examples.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.MobileMnistNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.InceptionModuleNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.examples.graphs.ResidualBlocksNetwork;
import io.annet.examples.networks.EveryKindNetwork;
import io.annet.examples.networks.NormNetNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.Predictor;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.Optimizer;
import io.annet.runtime.optim.Sgd;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 7's "steady-state training allocates no new INDArrays per step" for whole generated
 * networks: after a warm-up step (buffers for the batch size, optimizer state), {@code
 * computeGradients(x, labels)} plus an optimizer step creates no native object in the MNIST and
 * NIN-CIFAR examples (dropout drawing a new mask each step included), in a chain with batch
 * normalisation on maps and on vectors and in one with every chaining layer kind, also with class
 * indices instead of one-hot labels and with Adam.
 *
 * <p>Graphs too: residual blocks and Inception modules, whose generated {@code trainStep} sums the
 * gradient of a node with several consumers in a reused {@code GradientSum} field (before, a
 * {@code dup()} then an {@code addi} per further consumer created 2 + (k - 1) native objects per
 * such node and step). Every kernel, {@code @BatchNorm}, {@code @Concat} and {@code @Add} included,
 * creates nothing.
 *
 * <p>The count: ND4J draws an id from {@code Nd4j.getDeallocatorService().nextValue()} for every
 * data buffer (views included) and every op context; two reads bracket the steps.
 */
class TrainingAllocationTest {
  private static final int STEPS = 3;
  private static final int BATCH = 2;

  private static long created(Runnable step) {
    long before = Nd4j.getDeallocatorService().nextValue();
    step.run();
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }

  private static INDArray input(Network net, long seed) {
    int[] chw = net.architecture().inputShape();
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, BATCH, chw[0], chw[1], chw[2]).subi(0.5);
  }

  private static int[] classes(Network net, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] classes = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      classes[i] = random.nextInt(net.architecture().classes());
    }
    return classes;
  }

  private static INDArray oneHot(Network net, int[] classes) {
    INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, net.architecture().classes());
    for (int i = 0; i < BATCH; i++) {
      labels.putScalar(i, classes[i], 1.0);
    }
    return labels;
  }

  /** Native objects created by {@link #STEPS} training steps after one warm-up step. */
  private static long trainingSteps(Network net, Optimizer optimizer, boolean indices) {
    INDArray x = input(net, 1);
    int[] classes = classes(net, 2);
    INDArray labels = oneHot(net, classes);
    Runnable step = () -> {
      if (indices) {
        net.computeGradients(x, classes);
      } else {
        net.computeGradients(x, labels);
      }
      optimizer.step(net.parameters(), net.gradients());
    };
    step.run();
    INDArray weights = net.parameters().values().iterator().next();
    INDArray before = weights.dup();
    long total = created(() -> {
      for (int i = 0; i < STEPS; i++) {
        step.run();
      }
    });
    assertTrue(before.distance2(weights) > 0, net.architecture().modelName() + " trained");
    return total;
  }

  private static void assertNothingCreated(Supplier<Network> model) {
    Network net = model.get();
    String name = net.architecture().modelName();
    assertEquals(0, trainingSteps(net, new Sgd(0.01, 0.9), false),
        name + ": native objects created by " + STEPS + " steps with one-hot labels and SGD");
    assertEquals(0, trainingSteps(model.get(), new Adam(1e-3), true),
        name + ": native objects created by " + STEPS + " steps with class indices and Adam");
  }

  @Test
  void mnistExamplesTrainWithoutAllocating() {
    assertNothingCreated(() -> MnistGapHeadNetwork.create(1));
    assertNothingCreated(() -> MnistFcHeadNetwork.create(2));
  }

  @Test
  void ninCifar10WithDropoutTrainsWithoutAllocating() {
    assertEquals(0, trainingSteps(NinCifar10Network.create(3), new Sgd(0.01, 0.9), false));
  }

  @Test
  void batchNormalisationOnMapsAndVectorsTrainsWithoutAllocating() {
    assertNothingCreated(() -> NormNetNetwork.create(4));
  }

  @Test
  void everyChainingLayerKindTrainsWithoutAllocating() {
    // conv LEAKY_RELU, batch norm, mlpconv TANH, max and average pooling, dropout (rate 0),
    // flatten, dense SIGMOID without bias, dense, softmax
    assertNothingCreated(() -> EveryKindNetwork.create(9));
  }

  @Test
  void aNewBatchArrayEveryStepAllocatesNothing() {
    for (Network net : new Network[] {
        MnistGapHeadNetwork.create(10), NinCifar10Network.create(11),
        InceptionModuleNetwork.create(14)}) {
      INDArray[] xs = new INDArray[STEPS + 1]; // as a data loader hands them out
      INDArray[] labels = new INDArray[STEPS + 1];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = input(net, 20 + i);
        labels[i] = oneHot(net, classes(net, 30 + i));
      }
      Sgd sgd = new Sgd(0.01, 0.9);
      int[] next = {0};
      Runnable step = () -> {
        int i = next[0]++ % xs.length;
        net.computeGradients(xs[i], labels[i]);
        sgd.step(net.parameters(), net.gradients());
      };
      step.run();
      assertEquals(0, created(() -> {
        for (int i = 0; i < 2 * xs.length; i++) {
          step.run();
        }
      }), net.architecture().modelName());
    }
  }

  @Test
  void predictIntoACallersArrayAllocatesNothing() {
    for (Network net : new Network[] {
        MnistFcHeadNetwork.create(12), NinCifar10Network.create(13),
        ResNetCifarNetwork.create(14), InceptionMnistNetwork.create(15)}) {
      String name = net.architecture().modelName();
      INDArray x = input(net, 40);
      INDArray out = Nd4j.create(DataType.FLOAT, BATCH, net.architecture().classes());
      net.predict(x, out);
      assertEquals(0, created(() -> net.predict(x, out)), name + ": predict(x, out)");
      assertEquals(net.predict(x), out);
      // predict(x) creates exactly the arrays it returns: made up to 32 at a time
      // (ResultArrays.BATCH), so once 64 calls ran, any 32 in a row make one batch of them
      long one = created(() -> Nd4j.createUninitialized(DataType.FLOAT, out.shape(), 'c'));
      for (int i = 0; i < 64; i++) {
        net.predict(x);
      }
      INDArray first = net.predict(x);
      assertEquals(32 * one, created(() -> {
        for (int i = 0; i < 32; i++) {
          net.predict(x);
        }
      }), name + ": predict(x)");
      assertTrue(first != net.predict(x), name + ": every call returns its own array");
      // a predictor's plan skips its weight steps after the first call, and allocates nothing
      Predictor predictor = Predictor.of(net);
      predictor.predict(x, out);
      assertEquals(0, created(() -> predictor.predict(x, out)), name + ": predictor");
      assertEquals(net.predict(x), out, name + ": predictor");
    }
  }

  @Test
  void residualGraphsTrainWithoutAllocating() {
    // the stem feeds conv1 and the projection; sum1 feeds conv3 and sum2
    assertNothingCreated(() -> ResidualBlocksNetwork.create(5));
    // stemBn feeds conv1 and sum1; sum1 feeds block2's conv1 and its projection
    assertNothingCreated(() -> ResNetCifarNetwork.create(6));
  }

  @Test
  void inceptionGraphsTrainWithoutAllocating() {
    // the stem and mixed.0's concatenation each feed the four branches of a module
    assertNothingCreated(() -> InceptionModuleNetwork.create(7));
    // pool1, inception3.0, pool2 and inception4.0 each feed four branches
    assertNothingCreated(() -> InceptionMnistNetwork.create(8));
  }

  @Test
  void depthwiseSeparableExampleTrainsWithoutAllocating() {
    // depthwise convolutions (stride 1 SAME, stride 2 with a multiplier), batch norm, 1x1 convs
    assertNothingCreated(() -> MobileMnistNetwork.create(15));
  }
}
