package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.networks.NinNoDropoutNetwork;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.MaxPoolLayer;
import io.annet.runtime.optim.Sgd;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * In the float32 training step a max pooling that is the one reader of a ReLU's output masks its
 * own (smaller) output gradient by the ReLU and the convolution skips its ReLU backward (issue 17,
 * NIN training): the gradients are exactly those of the ReLU backward applied after the pooling's
 * backward ({@code -Dannet.poolingMasksRelu=false}), overlapping windows, ReLU zeros and tied
 * maxima included.
 */
class PoolingReluMaskTest {
  @Test
  void maxPoolingTakesTheReluGradientOfTheLayerItReads() {
    NinNoDropoutNetwork nin = NinNoDropoutNetwork.create(3);
    nin.computeGradients(input(2, 3, 32), new int[] {1, 2});
    assertTrue(lastStage(nin.block1()).defersActivationGradient(), "max pooling reads block1");
    assertTrue(nin.pool1().masksOutputGradient());
    assertFalse(nin.block1().stages().get(0).defersActivationGradient(), "a 1x1 reads block1.0");
    assertFalse(lastStage(nin.block2()).defersActivationGradient(), "average pooling reads it");
    assertFalse(lastStage(nin.block3()).defersActivationGradient(), "global pooling reads it");

    NinNoDropoutNetwork off = unmasked(() -> NinNoDropoutNetwork.create(3));
    assertFalse(lastStage(off.block1()).defersActivationGradient(), "switched off");
    assertFalse(off.pool1().masksOutputGradient(), "switched off");

    NinNoDropoutNetwork exact = NinNoDropoutNetwork.create(3, DataType.DOUBLE);
    exact.computeGradients(input(2, 3, 32).castTo(DataType.DOUBLE), new int[] {1, 2});
    assertFalse(lastStage(exact.block1()).defersActivationGradient(), "double stays as it was");
    assertFalse(exact.pool1().masksOutputGradient(), "double stays as it was");
  }

  @Test
  void ninTrainsExactlyAsWithTheReluBackwardAfterThePooling() {
    // pool1: 3x3 windows of stride 2, overlapping, SAME padding
    compare(() -> NinNoDropoutNetwork.create(3), 4, 3, 32);
  }

  @Test
  void mnistGapTrainsExactlyAsWithTheReluBackwardAfterThePooling() {
    compare(() -> MnistGapHeadNetwork.create(3), 8, 1, 28);
  }

  private static ConvLayer lastStage(io.annet.runtime.layers.MlpConvLayer block) {
    return block.stages().get(block.stages().size() - 1);
  }

  /**
   * Random images in [-0.5, 0.5) whose top third is one constant: the convolutions' outputs there
   * repeat, so pooling windows hold tied maxima (and windows of ReLU zeros tie too).
   */
  private static INDArray input(int n, int channels, int size) {
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, size, size).subi(0.5);
    x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, size / 3),
        NDArrayIndex.all()).assign(0.3);
    return x;
  }

  private static <N extends Network> N unmasked(Supplier<N> create) {
    N net = create.get();
    int[] in = net.architecture().inputShape();
    unmaskedStep(net, Nd4j.zeros(DataType.FLOAT, 1, in[0], in[1], in[2]), new int[] {0});
    return net;
  }

  /** A step of {@code net} planned (should it plan) with each ReLU's backward kept in place. */
  private static double unmaskedStep(Network net, INDArray x, int[] labels) {
    System.setProperty(TrainingLayouts.MASK_PROPERTY, "false");
    try {
      return net.computeGradients(x, labels);
    } finally {
      System.clearProperty(TrainingLayouts.MASK_PROPERTY);
    }
  }

  private static void compare(Supplier<? extends Network> create, int n, int channels,
      int size) {
    Network masked = create.get();
    Network reference = unmasked(create);
    INDArray x = input(n, channels, size);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (3 * i) % 10;
    }
    Sgd sgdMasked = new Sgd(0.05);
    Sgd sgdReference = new Sgd(0.05);
    for (int step = 0; step < 3; step++) {
      double a = masked.computeGradients(x, labels);
      double b = unmaskedStep(reference, x, labels);
      assertTrue(TrainingLayouts.active(masked), "step " + step + ": nothing planned");
      assertEquals(b, a, 0.0, "loss of step " + step);
      for (Map.Entry<String, INDArray> g : reference.gradients().entrySet()) {
        INDArray other = masked.gradients().get(g.getKey());
        // equal to the last bit (a zero may differ in sign only, which equals compares alike)
        double diff = other.sub(g.getValue()).amaxNumber().doubleValue();
        assertEquals(0.0, diff, 0.0, "step " + step + ", " + g.getKey());
        assertTrue(g.getValue().amaxNumber().doubleValue() > 0, g.getKey() + " all zero");
      }
      sgdMasked.step(masked.parameters(), masked.gradients());
      sgdReference.step(reference.parameters(), reference.gradients());
    }
    for (Map.Entry<String, INDArray> p : reference.parameters().entrySet()) {
      assertEquals(0.0, masked.parameters().get(p.getKey()).sub(p.getValue()).amaxNumber()
          .doubleValue(), 0.0, "parameter " + p.getKey() + " after three steps");
    }
  }
}
