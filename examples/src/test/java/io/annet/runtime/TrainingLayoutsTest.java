package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.examples.graphs.ConcatIntoDenseNetwork;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.layers.BlockHandle;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.optim.Sgd;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 training step with activations kept in oneDNN's blocked layout between oneDNN
 * layers ({@link TrainingLayouts}) trains exactly as the step on plain arrays ({@code
 * -Dannet.trainingLayouts=false}): the same losses and gradients, step after step, also once a
 * batch norm is frozen mid-way (the layouts are planned again); the layer handles' own calls
 * outside a step still take plain arrays.
 */
class TrainingLayoutsTest {
  @Test
  void resNetTrainsAlikeBlockedAndPlain() {
    compare(() -> ResNetCifarNetwork.create(5), new long[] {8, 3, 32, 32}, "stemBn");
  }

  @Test
  void inceptionTrainsAlikeBlockedAndPlain() {
    compare(() -> InceptionMnistNetwork.create(5), new long[] {8, 1, 28, 28}, null);
  }

  @Test
  void aConcatenationReadPlainReadsItsInputsPlain() {
    compare(() -> ConcatIntoDenseNetwork.create(5), new long[] {8, 3, 4, 4}, null);
  }

  @Test
  void chainTrainsAlikeBlockedAndPlain() {
    compare(() -> MnistGapHeadNetwork.create(5), new long[] {8, 1, 28, 28}, null);
  }

  @Test
  void convolutionsReadOnlyByPoolingWriteTheirActivationGradientInPlace() {
    MnistGapHeadNetwork chain = MnistGapHeadNetwork.create(5);
    chain.computeGradients(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28), new int[] {0, 1, 2, 3});
    assertTrue(((ConvLayer) chain.conv1()).overwritesOutputGradient(), "max pooling reads conv1");
    assertTrue(((ConvLayer) chain.conv2()).overwritesOutputGradient(), "max pooling reads conv2");
    ResNetCifarNetwork graph = ResNetCifarNetwork.create(5);
    graph.computeGradients(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), new int[] {1, 2});
    assertFalse(((ConvLayer) graph.stem()).overwritesOutputGradient(), "batch norm reads the stem");
    MnistGapHeadNetwork plain = plain(() -> MnistGapHeadNetwork.create(5));
    assertFalse(((ConvLayer) plain.conv1()).overwritesOutputGradient(), "plain steps never do");
  }

  @Test
  void inceptionBranchesReadOnlyByTheConcatenationWriteTheirActivationGradientInPlace() {
    InceptionMnistNetwork net = InceptionMnistNetwork.create(5);
    net.computeGradients(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), new int[] {1, 2});
    BlockHandle module = (BlockHandle) net.inception3().member("0");
    for (String branch : new String[] {"b1", "b2", "b3", "b4"}) {
      assertTrue(((ConvLayer) module.member(branch)).overwritesOutputGradient(),
          "the concatenation hands " + branch + " a gradient of its own");
    }
  }

  @Test
  void doublePrecisionStaysPlain() {
    Network net = ResNetCifarNetwork.create(5, DataType.DOUBLE);
    net.computeGradients(Nd4j.rand(DataType.DOUBLE, 2, 3, 32, 32), new int[] {1, 2});
    assertFalse(TrainingLayouts.active(net));
  }

  @Test
  void handlesComputeOnPlainArraysOutsideTheStep() {
    ResNetCifarNetwork blocked = ResNetCifarNetwork.create(5);
    ResNetCifarNetwork plain = plain(() -> ResNetCifarNetwork.create(5));
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32);
    int[] labels = {0, 1, 2, 3};
    blocked.computeGradients(x, labels);
    assertTrue(TrainingLayouts.active(blocked));
    ConvLayer stem = (ConvLayer) blocked.stem();
    INDArray direct = stem.forward(x, true).output().dup();
    INDArray reference = ((ConvLayer) plain.stem()).forward(x, true).output();
    assertEquals(0, direct.sub(reference).amaxNumber().doubleValue(), 1e-5);
  }

  private static <N extends Network> N plain(Supplier<N> create) {
    N net = create.get();
    plainStep(net, Nd4j.zeros(DataType.FLOAT, shapeOf(net)), new int[] {0});
    return net;
  }

  /** A step of {@code net} planned (should it plan) with every tensor plain. */
  private static double plainStep(Network net, INDArray x, int[] labels) {
    System.setProperty(TrainingLayouts.PROPERTY, "false");
    try {
      return net.computeGradients(x, labels);
    } finally {
      System.clearProperty(TrainingLayouts.PROPERTY);
    }
  }

  private static long[] shapeOf(Network net) {
    int[] in = net.architecture().inputShape();
    return new long[] {1, in[0], in[1], in[2]};
  }

  private static void compare(Supplier<? extends Network> create, long[] shape, String freeze) {
    Network blocked = create.get();
    Network plain = plain(create);
    blocked.computeGradients(Nd4j.zeros(DataType.FLOAT, shapeOf(blocked)), new int[] {0});
    Nd4j.getRandom().setSeed(17);
    INDArray x = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    int[] labels = new int[(int) shape[0]];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    Sgd sgdBlocked = new Sgd(0.05);
    Sgd sgdPlain = new Sgd(0.05);
    for (int step = 0; step < 4; step++) {
      if (step == 2 && freeze != null) {
        blocked.freeze(freeze);
        plain.freeze(freeze);
      }
      double a = blocked.computeGradients(x, labels);
      double b = plainStep(plain, x, labels);
      assertTrue(TrainingLayouts.active(blocked), "step " + step + ": nothing planned blocked");
      assertFalse(TrainingLayouts.active(plain));
      assertEquals(b, a, 1e-5 * Math.max(1, Math.abs(b)), "loss of step " + step);
      for (Map.Entry<String, INDArray> g : plain.gradients().entrySet()) {
        INDArray other = blocked.gradients().get(g.getKey());
        double scale = Math.max(1e-3, g.getValue().amaxNumber().doubleValue());
        double diff = other.sub(g.getValue()).amaxNumber().doubleValue();
        // float32 rounding differs between the layouts' kernels (batch norm at batch 8 amplifies
        // it to about 1e-3 of the largest gradient); a tensor read in the wrong layout is off by
        // the gradient's own size
        assertTrue(diff <= 1e-2 * scale,
            "step " + step + ", " + g.getKey() + ": gradients differ by " + diff + " (max "
                + scale + ")");
      }
      sgdBlocked.step(blocked.parameters(), blocked.gradients());
      sgdPlain.step(plain.parameters(), plain.gradients());
    }
  }
}
