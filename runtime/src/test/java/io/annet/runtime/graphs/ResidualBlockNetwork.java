package io.annet.runtime.graphs;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Architecture;
import io.annet.runtime.Initializer;
import io.annet.runtime.Network;
import io.annet.runtime.layers.AddLayer;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.GlobalAvgPoolLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Written by hand as the processor should generate it from this declaration: two ResNet basic
 * blocks, the first downsampling with a 1x1 projection shortcut, the second with the identity.
 *
 * <pre>
 * &#64;Model(input = &#64;Input(channels = 2, height = 5, width = 5), classes = 3)
 * interface ResidualBlocks {
 *   &#64;Conv(filters = 3, kernel = 3, padding = 1, activation = TANH) Layer stem();
 *   &#64;Conv(filters = 4, kernel = 3, stride = 2, padding = 1, bias = false) Layer conv1();
 *   &#64;BatchNorm Layer bn1();
 *   &#64;Conv(filters = 4, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
 *   Layer conv2();
 *   &#64;BatchNorm Layer bn2();
 *   &#64;Conv(filters = 4, kernel = 1, stride = 2, activation = IDENTITY, bias = false)
 *   Layer project(Layer stem);
 *   &#64;BatchNorm Layer projectBn();
 *   &#64;Add(activation = RELU) Layer sum1(Layer bn2, Layer projectBn);
 *   &#64;Conv(filters = 4, kernel = 3, padding = 1, bias = false) Layer conv3();
 *   &#64;BatchNorm Layer bn3();
 *   &#64;Conv(filters = 4, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
 *   Layer conv4();
 *   &#64;BatchNorm Layer bn4();
 *   &#64;Add(activation = RELU) Layer sum2(Layer bn4, Layer sum1);
 *   &#64;GlobalAvgPool Layer gap();
 *   &#64;Dense(units = 3, activation = IDENTITY) Layer logits();
 *   &#64;Softmax Layer probs();
 * }
 * </pre>
 *
 * <p>The DSL has no stand-alone activation after a batch norm, so the first convolution of each
 * block applies its RELU before the norm. The stem feeds {@code conv1} and {@code project}, and
 * {@code sum1} feeds {@code conv3} and {@code sum2}: both gradients are sums of two parts.
 */
final class ResidualBlockNetwork extends Network {
  static final long PARAMETERS = 57 + (108 + 8 + 144 + 8 + 12 + 8) + (144 + 8 + 144 + 8) + 15;
  private static final Architecture ARCHITECTURE =
      new Architecture(
          "ResidualBlocks", new int[] {2, 5, 5}, 3,
          "ResidualBlocks input=[2, 5, 5] classes=3\n(hand-written)", "(summary)", PARAMETERS, 0);

  private final ConvLayer stem;
  private final ConvLayer conv1;
  private final BatchNormLayer bn1;
  private final ConvLayer conv2;
  private final BatchNormLayer bn2;
  private final ConvLayer project;
  private final BatchNormLayer projectBn;
  private final AddLayer sum1;
  private final ConvLayer conv3;
  private final BatchNormLayer bn3;
  private final ConvLayer conv4;
  private final BatchNormLayer bn4;
  private final AddLayer sum2;
  private final GlobalAvgPoolLayer gap;
  private final DenseLayer logits;
  private final SoftmaxLayer probs;

  ResidualBlockNetwork(DataType dtype, long seed) {
    super(ARCHITECTURE, dtype);
    Initializer init = new Initializer(seed);
    Activation identity = Activation.IDENTITY;
    stem = new ConvLayer("stem", new int[] {2, 5, 5}, 3, new Window(3, 3, 1, 1, 1, 1, false),
        Activation.TANH, true, dtype, init);
    conv1 = new ConvLayer("conv1", new int[] {3, 5, 5}, 4, new Window(3, 3, 2, 2, 1, 1, false),
        Activation.RELU, false, dtype, init);
    bn1 = new BatchNormLayer("bn1", new int[] {4, 3, 3}, 0.9, 1e-5, dtype);
    conv2 = new ConvLayer("conv2", new int[] {4, 3, 3}, 4, new Window(3, 3, 1, 1, 1, 1, false),
        identity, false, dtype, init);
    bn2 = new BatchNormLayer("bn2", new int[] {4, 3, 3}, 0.9, 1e-5, dtype);
    project = new ConvLayer("project", new int[] {3, 5, 5}, 4,
        new Window(1, 1, 2, 2, 0, 0, false), identity, false, dtype, init);
    projectBn = new BatchNormLayer("projectBn", new int[] {4, 3, 3}, 0.9, 1e-5, dtype);
    sum1 = new AddLayer("sum1", new int[][] {{4, 3, 3}, {4, 3, 3}}, Activation.RELU, dtype);
    conv3 = new ConvLayer("conv3", new int[] {4, 3, 3}, 4, new Window(3, 3, 1, 1, 1, 1, false),
        Activation.RELU, false, dtype, init);
    bn3 = new BatchNormLayer("bn3", new int[] {4, 3, 3}, 0.9, 1e-5, dtype);
    conv4 = new ConvLayer("conv4", new int[] {4, 3, 3}, 4, new Window(3, 3, 1, 1, 1, 1, false),
        identity, false, dtype, init);
    bn4 = new BatchNormLayer("bn4", new int[] {4, 3, 3}, 0.9, 1e-5, dtype);
    sum2 = new AddLayer("sum2", new int[][] {{4, 3, 3}, {4, 3, 3}}, Activation.RELU, dtype);
    gap = new GlobalAvgPoolLayer("gap", new int[] {4, 3, 3}, dtype);
    logits = new DenseLayer("logits", new int[] {4}, 3, identity, true, dtype, init);
    probs = new SoftmaxLayer("probs", new int[] {3}, dtype);
    register(stem, conv1, bn1, conv2, bn2, project, projectBn, sum1, conv3, bn3, conv4, bn4, sum2,
        gap, logits, probs);
  }

  @Override
  protected INDArray forward(INDArray x) {
    INDArray stemOut = stem.forward(x, false).output(); // [2, 5, 5] -> [3, 5, 5]
    INDArray conv1Out = conv1.forward(stemOut, false).output(); // -> [4, 3, 3]
    INDArray bn1Out = bn1.forward(conv1Out, false).output(); // -> [4, 3, 3]
    INDArray conv2Out = conv2.forward(bn1Out, false).output(); // -> [4, 3, 3]
    INDArray bn2Out = bn2.forward(conv2Out, false).output(); // -> [4, 3, 3]
    INDArray projectOut = project.forward(stemOut, false).output(); // [3, 5, 5] -> [4, 3, 3]
    INDArray projectBnOut = projectBn.forward(projectOut, false).output(); // -> [4, 3, 3]
    INDArray sum1Out = sum1.forward(false, bn2Out, projectBnOut).output(); // -> [4, 3, 3]
    INDArray conv3Out = conv3.forward(sum1Out, false).output(); // -> [4, 3, 3]
    INDArray bn3Out = bn3.forward(conv3Out, false).output(); // -> [4, 3, 3]
    INDArray conv4Out = conv4.forward(bn3Out, false).output(); // -> [4, 3, 3]
    INDArray bn4Out = bn4.forward(conv4Out, false).output(); // -> [4, 3, 3]
    INDArray sum2Out = sum2.forward(false, bn4Out, sum1Out).output(); // -> [4, 3, 3]
    INDArray gapOut = gap.forward(sum2Out, false).output(); // [4, 3, 3] -> [4]
    INDArray logitsOut = logits.forward(gapOut, false).output(); // [4] -> [3]
    return probs.forward(logitsOut, false).output(); // [3] -> [3]
  }

  @Override
  protected double trainStep(INDArray x, INDArray labels) {
    ConvLayer.Saved stemOut = stem.forward(x, true); // [2, 5, 5] -> [3, 5, 5]
    ConvLayer.Saved conv1Out = conv1.forward(stemOut.output(), true); // -> [4, 3, 3]
    BatchNormLayer.Saved bn1Out = bn1.forward(conv1Out.output(), true); // -> [4, 3, 3]
    ConvLayer.Saved conv2Out = conv2.forward(bn1Out.output(), true); // -> [4, 3, 3]
    BatchNormLayer.Saved bn2Out = bn2.forward(conv2Out.output(), true); // -> [4, 3, 3]
    ConvLayer.Saved projectOut = project.forward(stemOut.output(), true); // -> [4, 3, 3]
    BatchNormLayer.Saved projectBnOut =
        projectBn.forward(projectOut.output(), true); // -> [4, 3, 3]
    AddLayer.Saved sum1Out =
        sum1.forward(true, bn2Out.output(), projectBnOut.output()); // -> [4, 3, 3]
    ConvLayer.Saved conv3Out = conv3.forward(sum1Out.output(), true); // -> [4, 3, 3]
    BatchNormLayer.Saved bn3Out = bn3.forward(conv3Out.output(), true); // -> [4, 3, 3]
    ConvLayer.Saved conv4Out = conv4.forward(bn3Out.output(), true); // -> [4, 3, 3]
    BatchNormLayer.Saved bn4Out = bn4.forward(conv4Out.output(), true); // -> [4, 3, 3]
    AddLayer.Saved sum2Out =
        sum2.forward(true, bn4Out.output(), sum1Out.output()); // -> [4, 3, 3]
    GlobalAvgPoolLayer.Saved gapOut = gap.forward(sum2Out.output(), true); // -> [4]
    DenseLayer.Saved logitsOut = logits.forward(gapOut.output(), true); // [4] -> [3]
    SoftmaxLayer.Saved probsOut = probs.forward(logitsOut.output(), true); // [3] -> [3]
    double loss = probs.loss(probsOut, labels);
    // Reverse declaration order; sum1 and stem have two consumers each (see the Inception one).
    INDArray grad = probs.backwardFromLabels(probsOut, labels);
    grad = logits.backward(logitsOut, grad);
    grad = gap.backward(gapOut, grad);
    INDArray[] sum2Grads = sum2.backward(sum2Out, grad); // bn4, sum1
    INDArray gradSum1 = sum2Grads[1].dup(); // 1 of 2
    grad = bn4.backward(bn4Out, sum2Grads[0]);
    grad = conv4.backward(conv4Out, grad);
    grad = bn3.backward(bn3Out, grad);
    gradSum1.addi(conv3.backward(conv3Out, grad)); // 2 of 2
    INDArray[] sum1Grads = sum1.backward(sum1Out, gradSum1); // bn2, projectBn
    grad = projectBn.backward(projectBnOut, sum1Grads[1]);
    INDArray gradStem = project.backward(projectOut, grad).dup(); // 1 of 2
    grad = bn2.backward(bn2Out, sum1Grads[0]);
    grad = conv2.backward(conv2Out, grad);
    grad = bn1.backward(bn1Out, grad);
    gradStem.addi(conv1.backward(conv1Out, grad)); // 2 of 2
    stem.backward(stemOut, gradStem);
    return loss;
  }

  @Override
  public ResidualBlockNetwork copy() {
    ResidualBlockNetwork c = new ResidualBlockNetwork(dataType(), 0L);
    c.copyParametersFrom(this);
    return c;
  }
}
