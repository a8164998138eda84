package io.annet.runtime.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Layer;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.Network;
import io.annet.runtime.layers.BlockHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hand-written graph networks (the pattern the processor emits for branches, blocks and
 * residual connections): whole-network float64 gradient checks, where a wrong or missing
 * gradient accumulation at a node feeding several consumers shows up in the stem's tensors.
 */
class GraphNetworkTest {
  private static final DataType D = DataType.DOUBLE;

  private static INDArray input(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextDouble() - 1;
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static long elements(Map<String, INDArray> tensors) {
    return tensors.values().stream().mapToLong(INDArray::length).sum();
  }

  /**
   * Checks every trainable element. Biases start at zero, and a RELU convolution whose window
   * sees only zeros (RELU outputs) would then sit exactly on the kink, where central differences
   * are meaningless: the biases get small random values first.
   */
  private static void checkEveryParameter(Network net, INDArray x, int[] classes) {
    long seed = 11;
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      if (e.getKey().endsWith(".bias")) {
        e.getValue().assign(input(seed++, e.getValue().shape()).muli(0.1));
      }
    }
    INDArray labels = Nd4j.zeros(D, classes.length, 3);
    for (int i = 0; i < classes.length; i++) {
      labels.putScalar(i, classes[i], 1.0);
    }
    GradientCheck.Report report =
        GradientCheck.checkNetwork(net, x, labels, GradientCheck.Options.DEFAULT);
    assertEquals(net.architecture().parameters(), report.checked(), "every element checked");
    report.assertPassed();
  }

  @Test
  void inceptionModuleGradientsAgreeWithCentralDifferences() {
    InceptionModuleNetwork net = new InceptionModuleNetwork(D, 7);
    checkEveryParameter(net, input(1, 3, 2, 6, 6), new int[] {0, 2, 1});
  }

  @Test
  void residualBlocksGradientsAgreeWithCentralDifferences() {
    ResidualBlockNetwork net = new ResidualBlockNetwork(D, 8);
    checkEveryParameter(net, input(2, 4, 2, 5, 5), new int[] {2, 0, 1, 1});
  }

  @Test
  void inceptionModuleRegistersHandlesAndNamesInlinedTensorsByPath() {
    InceptionModuleNetwork net = new InceptionModuleNetwork(D, 7);
    assertEquals(
        List.of("stem", "mixed", "gap", "logits", "probs"),
        net.layers().stream().map(Layer::name).toList());
    assertEquals(
        InceptionModuleNetwork.PARAMETERS,
        net.layers().stream().mapToLong(Layer::parameterCount).sum());
    assertEquals(InceptionModuleNetwork.PARAMETERS, elements(net.gradients()));
    List<String> keys = List.copyOf(net.parameters().keySet());
    assertEquals(
        List.of("stem.weight", "stem.bias", "mixed.0.b1.weight", "mixed.0.b1.bias"),
        keys.subList(0, 4));
    assertEquals("logits.bias", keys.get(keys.size() - 1));
    assertTrue(keys.contains("mixed.1.b3b.weight"));
    BlockHandle mixed = net.mixed();
    assertEquals("Repeat", mixed.kind());
    assertArrayEquals(new int[] {11, 6, 6}, mixed.outputShape());
    BlockHandle second = (BlockHandle) mixed.member("1");
    assertEquals(200, second.parameterCount());
    assertEquals("Concat", second.member("out").kind());
  }

  @Test
  void inceptionModulePredictAgreesWithTheTrainingForward() {
    InceptionModuleNetwork net = new InceptionModuleNetwork(D, 3);
    INDArray x = input(4, 2, 2, 6, 6);
    int[] classes = {1, 2};
    INDArray p = net.predict(x);
    double expected = -(Math.log(p.getDouble(0, 1)) + Math.log(p.getDouble(1, 2))) / 2;
    assertEquals(expected, net.computeGradients(x, classes), 1e-12);
    assertEquals(expected, net.computeGradients(x, classes), 1e-12, "repeatable: no leftovers");
  }

  @Test
  void gradientsDoNotDependOnTheCallBeforeSoNoBufferIsAccumulatedTwice() {
    ResidualBlockNetwork net = new ResidualBlockNetwork(D, 5);
    INDArray x = input(6, 3, 2, 5, 5);
    int[] classes = {0, 1, 2};
    net.computeGradients(x, classes);
    INDArray first = net.gradients().get("stem.weight").dup();
    net.computeGradients(input(7, 5, 2, 5, 5), new int[] {1, 1, 0, 2, 2}); // another batch size
    net.computeGradients(x, classes);
    assertEquals(first, net.gradients().get("stem.weight"));
    assertEquals(ResidualBlockNetwork.PARAMETERS, elements(net.gradients()));
    assertEquals(
        List.of("Conv", "Conv", "BatchNorm", "Conv", "BatchNorm", "Conv", "BatchNorm", "Add",
            "Conv", "BatchNorm", "Conv", "BatchNorm", "Add", "GlobalAvgPool", "Dense", "Softmax"),
        net.layers().stream().map(Layer::kind).toList());
  }

  @Test
  void float32NetworksTrainAndPredict() {
    for (Network net :
        List.of(new InceptionModuleNetwork(DataType.FLOAT, 1),
            new ResidualBlockNetwork(DataType.FLOAT, 1))) {
      int[] in = net.architecture().inputShape();
      INDArray x = input(9, 2, in[0], in[1], in[2]).castTo(DataType.FLOAT);
      double loss = net.computeGradients(x, new int[] {0, 1});
      assertTrue(Double.isFinite(loss) && loss > 0, net + ": loss " + loss);
      INDArray p = net.predict(x);
      assertEquals(DataType.FLOAT, p.dataType());
      assertEquals(1.0, p.sum(1).getDouble(0), 1e-5);
      assertTrue(net.copy().predict(x).equalsWithEps(p, 1e-6), net + ": copy predicts the same");
    }
  }
}
