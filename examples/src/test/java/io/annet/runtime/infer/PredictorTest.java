package io.annet.runtime.infer;

import static io.annet.runtime.infer.InferencePlanTest.assertClose;
import static io.annet.runtime.infer.InferencePlanTest.input;
import static io.annet.runtime.infer.InferencePlanTest.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.ClosedPredictorException;
import io.annet.runtime.Network;
import io.annet.runtime.Predictor;
import io.annet.runtime.ShapeMismatchException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Predictor}: the network's answers at the moment it was made, from a plan that reorders the
 * weights once, whatever happens to the network afterwards.
 */
class PredictorTest {
  @Test
  void answersAsTheNetworkDidWhenItWasMade() {
    for (Network net : List.of(MnistGapHeadNetwork.create(31), NinCifar10Network.create(32),
        ResNetCifarNetwork.create(33), InceptionMnistNetwork.create(34))) {
      String name = net.architecture().modelName();
      train(net, 2); // batch-norm statistics away from 0 and 1, folded by the plan
      Predictor predictor = Predictor.of(net);
      for (int n : new int[] {1, 64}) {
        // the first call reorders the weights, the later ones reuse them
        for (int call = 0; call < 3; call++) {
          INDArray x = input(net, n, 10L * call + n);
          assertEquals(net.predict(x), predictor.predict(x), name + " batch " + n + " call " + call);
        }
      }
      INDArray x = input(net, 1, 99);
      INDArray before = predictor.predict(x);
      train(net, 2); // moves the network's weights in place
      INDArray moved = net.predict(x);
      assertNotEquals(before, moved, name + ": training moved the network");
      assertEquals(before, predictor.predict(x), name + ": the predictor kept its weights");
      assertClose(moved, Predictor.of(net).predict(x), name + ": a new predictor serves them");
    }
  }

  @Test
  void itsPlansRunOnlyTheActivationStepsAfterTheFirstCall() {
    Network net = ResNetCifarNetwork.create(35);
    InferenceRoute route = new InferenceRoute(net, unused -> org.junit.jupiter.api.Assertions.fail(
        "no plan"), Set.of(), 1);
    INDArray x = input(net, 2, 7);
    INDArray live = route.forward(x).dup();
    InferencePlan plan = route.plan(2);
    assertEquals(plan.steps(), plan.stepsPerCall(), "live weights: every step on every call");
    route.fixWeights();
    assertEquals(live, route.forward(x).dup(), "the call after fixing still binds the weights");
    int weightSteps = plan.steps() - plan.stepsPerCall();
    // ResNetCifar: 6 convolutions (weights and, folded or not, a bias or a fold), a dense layer
    assertTrue(weightSteps >= 13, "weight steps skipped: " + weightSteps);
    assertEquals(live, route.forward(x).dup(), "then only the activations' steps");
  }

  @Test
  void aClosedPredictorRefusesCallsAndItsWorkersEnd() throws InterruptedException {
    Network net = MnistGapHeadNetwork.create(38);
    INDArray x = input(net, 64, 3);
    INDArray expected = net.predict(x);
    Set<Thread> before = partWorkers(); // the network's own plan has a worker too
    Predictor predictor = Predictor.of(net);
    try (predictor) {
      assertEquals(expected, predictor.predict(x), "batch 64 in parts");
      INDArray out = Nd4j.create(DataType.FLOAT, 64, 10);
      predictor.predict(x, out);
      long created = Nd4j.getDeallocatorService().nextValue();
      for (int i = 0; i < 5; i++) {
        predictor.predict(x, out);
      }
      assertEquals(1, Nd4j.getDeallocatorService().nextValue() - created,
          "predict(x, out) in parts creates no ND4J object");
      assertEquals(expected, out);
    }
    Set<Thread> started = partWorkers();
    started.removeAll(before);
    for (Thread t : started) {
      t.join(1_000);
      assertFalse(t.isAlive(), "closing the predictor ended " + t.getName());
    }
    ClosedPredictorException e =
        assertThrows(ClosedPredictorException.class, () -> predictor.predict(x));
    assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("Predictor.of"),
        e.getMessage());
    assertThrows(ClosedPredictorException.class,
        () -> predictor.predict(x, Nd4j.create(DataType.FLOAT, 64, 10)));
    predictor.close(); // twice: nothing
    assertEquals(expected, net.predict(x), "the network itself is untouched");
  }

  private static Set<Thread> partWorkers() {
    Set<Thread> threads = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("annet-inference-part") && t.isAlive()) {
        threads.add(t);
      }
    }
    return threads;
  }

  @Test
  void doublePrecisionNetworksPredictThroughTheirForwardPass() {
    Network net = MnistGapHeadNetwork.create(36, DataType.DOUBLE);
    Predictor predictor = Predictor.of(net);
    INDArray x = input(net, 3, 5).castTo(DataType.DOUBLE);
    assertEquals(DataType.DOUBLE, predictor.dataType());
    assertEquals(net.predict(x), predictor.predict(x));
  }

  @Test
  void badInputIsRefusedAsByTheNetwork() {
    Predictor predictor = Predictor.of(MnistGapHeadNetwork.create(37));
    INDArray wrong = Nd4j.zeros(DataType.FLOAT, 2, 1, 27, 28);
    ShapeMismatchException e =
        assertThrows(ShapeMismatchException.class, () -> predictor.predict(wrong));
    assertTrue(e.getMessage().contains("27"), e.getMessage());
  }
}
