package io.annet.runtime.graphs;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Architecture;
import io.annet.runtime.Initializer;
import io.annet.runtime.Network;
import io.annet.runtime.layers.AvgPoolLayer;
import io.annet.runtime.layers.BlockHandle;
import io.annet.runtime.layers.ConcatLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.GlobalAvgPoolLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Written by hand as the processor should generate it from this declaration: a stem feeding two
 * repetitions of a four-branch Inception-style block, then GAP, dense and softmax.
 *
 * <pre>
 * &#64;Block interface MiniInception {
 *   &#64;Conv(filters = 3, kernel = 1) Layer b1(Layer input);
 *   &#64;Conv(filters = 2, kernel = 1) Layer b2a(Layer input);
 *   &#64;Conv(filters = 3, kernel = 3, padding = 1) Layer b2();
 *   &#64;Conv(filters = 2, kernel = 1) Layer b3a(Layer input);
 *   &#64;Conv(filters = 2, kernel = {1, 3}, padding = {0, 1}) Layer b3b();
 *   &#64;Conv(filters = 3, kernel = {3, 1}, padding = {1, 0}) Layer b3();
 *   &#64;AvgPool(kernel = 3, stride = 1, padding = 1) Layer b4a(Layer input);
 *   &#64;Conv(filters = 2, kernel = 1) Layer b4();
 *   &#64;Concat Layer out(Layer b1, Layer b2, Layer b3, Layer b4);
 * }
 * &#64;Model(input = &#64;Input(channels = 2, height = 6, width = 6), classes = 3)
 * interface InceptionModule {
 *   &#64;Conv(filters = 4, kernel = 3, padding = 1, activation = TANH) Layer stem();
 *   &#64;Repeat(2) &#64;Use(MiniInception.class) Layer mixed();
 *   &#64;GlobalAvgPool Layer gap();
 *   &#64;Dense(units = 3, activation = IDENTITY) Layer logits();
 *   &#64;Softmax Layer probs();
 * }
 * </pre>
 *
 * <p>The block's {@code input} (the stem, then {@code mixed.0.out}) feeds four branches, so its
 * gradient is the sum of four contributions.
 */
final class InceptionModuleNetwork extends Network {
  static final long PARAMETERS = 76 + 137 + 200 + 36;
  private static final Architecture ARCHITECTURE =
      new Architecture(
          "InceptionModule", new int[] {2, 6, 6}, 3,
          "InceptionModule input=[2, 6, 6] classes=3\n(hand-written)", "(summary)", PARAMETERS, 0);

  private final ConvLayer stem;
  private final ConvLayer mixed0B1;
  private final ConvLayer mixed0B2a;
  private final ConvLayer mixed0B2;
  private final ConvLayer mixed0B3a;
  private final ConvLayer mixed0B3b;
  private final ConvLayer mixed0B3;
  private final AvgPoolLayer mixed0B4a;
  private final ConvLayer mixed0B4;
  private final ConcatLayer mixed0Out;
  private final ConvLayer mixed1B1;
  private final ConvLayer mixed1B2a;
  private final ConvLayer mixed1B2;
  private final ConvLayer mixed1B3a;
  private final ConvLayer mixed1B3b;
  private final ConvLayer mixed1B3;
  private final AvgPoolLayer mixed1B4a;
  private final ConvLayer mixed1B4;
  private final ConcatLayer mixed1Out;
  private final BlockHandle mixed;
  private final GlobalAvgPoolLayer gap;
  private final DenseLayer logits;
  private final SoftmaxLayer probs;

  InceptionModuleNetwork(DataType dtype, long seed) {
    super(ARCHITECTURE, dtype);
    Initializer init = new Initializer(seed);
    Activation relu = Activation.RELU;
    stem = new ConvLayer("stem", new int[] {2, 6, 6}, 4, new Window(3, 3, 1, 1, 1, 1, false),
        Activation.TANH, true, dtype, init);
    // mixed.0 @Use(MiniInception): [4, 6, 6] -> [11, 6, 6]
    mixed0B1 = new ConvLayer("mixed.0.b1", new int[] {4, 6, 6}, 3,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed0B2a = new ConvLayer("mixed.0.b2a", new int[] {4, 6, 6}, 2,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed0B2 = new ConvLayer("mixed.0.b2", new int[] {2, 6, 6}, 3,
        new Window(3, 3, 1, 1, 1, 1, false), relu, true, dtype, init);
    mixed0B3a = new ConvLayer("mixed.0.b3a", new int[] {4, 6, 6}, 2,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed0B3b = new ConvLayer("mixed.0.b3b", new int[] {2, 6, 6}, 2,
        new Window(1, 3, 1, 1, 0, 1, false), relu, true, dtype, init);
    mixed0B3 = new ConvLayer("mixed.0.b3", new int[] {2, 6, 6}, 3,
        new Window(3, 1, 1, 1, 1, 0, false), relu, true, dtype, init);
    mixed0B4a = new AvgPoolLayer("mixed.0.b4a", new int[] {4, 6, 6},
        new Window(3, 3, 1, 1, 1, 1, false), dtype);
    mixed0B4 = new ConvLayer("mixed.0.b4", new int[] {4, 6, 6}, 2,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed0Out = new ConcatLayer("mixed.0.out",
        new int[][] {{3, 6, 6}, {3, 6, 6}, {3, 6, 6}, {2, 6, 6}}, dtype);
    // mixed.1 @Use(MiniInception): [11, 6, 6] -> [11, 6, 6]
    mixed1B1 = new ConvLayer("mixed.1.b1", new int[] {11, 6, 6}, 3,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed1B2a = new ConvLayer("mixed.1.b2a", new int[] {11, 6, 6}, 2,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed1B2 = new ConvLayer("mixed.1.b2", new int[] {2, 6, 6}, 3,
        new Window(3, 3, 1, 1, 1, 1, false), relu, true, dtype, init);
    mixed1B3a = new ConvLayer("mixed.1.b3a", new int[] {11, 6, 6}, 2,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed1B3b = new ConvLayer("mixed.1.b3b", new int[] {2, 6, 6}, 2,
        new Window(1, 3, 1, 1, 0, 1, false), relu, true, dtype, init);
    mixed1B3 = new ConvLayer("mixed.1.b3", new int[] {2, 6, 6}, 3,
        new Window(3, 1, 1, 1, 1, 0, false), relu, true, dtype, init);
    mixed1B4a = new AvgPoolLayer("mixed.1.b4a", new int[] {11, 6, 6},
        new Window(3, 3, 1, 1, 1, 1, false), dtype);
    mixed1B4 = new ConvLayer("mixed.1.b4", new int[] {11, 6, 6}, 2,
        new Window(1, 1, 1, 1, 0, 0, false), relu, true, dtype, init);
    mixed1Out = new ConcatLayer("mixed.1.out",
        new int[][] {{3, 6, 6}, {3, 6, 6}, {3, 6, 6}, {2, 6, 6}}, dtype);
    mixed = new BlockHandle("mixed", "Repeat", new int[] {11, 6, 6}, List.of(
        new BlockHandle("mixed.0", "Use", new int[] {11, 6, 6}, List.of(mixed0B1, mixed0B2a,
            mixed0B2, mixed0B3a, mixed0B3b, mixed0B3, mixed0B4a, mixed0B4, mixed0Out)),
        new BlockHandle("mixed.1", "Use", new int[] {11, 6, 6}, List.of(mixed1B1, mixed1B2a,
            mixed1B2, mixed1B3a, mixed1B3b, mixed1B3, mixed1B4a, mixed1B4, mixed1Out))));
    gap = new GlobalAvgPoolLayer("gap", new int[] {11, 6, 6}, dtype);
    logits = new DenseLayer("logits", new int[] {11}, 3, Activation.IDENTITY, true, dtype, init);
    probs = new SoftmaxLayer("probs", new int[] {3}, dtype);
    register(stem, mixed, gap, logits, probs);
  }

  /** The repeated block's handle. */
  BlockHandle mixed() {
    return mixed;
  }

  @Override
  protected INDArray forward(INDArray x) {
    INDArray stemOut = stem.forward(x, false).output(); // [2, 6, 6] -> [4, 6, 6]
    // mixed.0 @Use(MiniInception): [4, 6, 6] -> [11, 6, 6]
    INDArray mixed0B1Out = mixed0B1.forward(stemOut, false).output(); // -> [3, 6, 6]
    INDArray mixed0B2aOut = mixed0B2a.forward(stemOut, false).output(); // -> [2, 6, 6]
    INDArray mixed0B2Out = mixed0B2.forward(mixed0B2aOut, false).output(); // -> [3, 6, 6]
    INDArray mixed0B3aOut = mixed0B3a.forward(stemOut, false).output(); // -> [2, 6, 6]
    INDArray mixed0B3bOut = mixed0B3b.forward(mixed0B3aOut, false).output(); // -> [2, 6, 6]
    INDArray mixed0B3Out = mixed0B3.forward(mixed0B3bOut, false).output(); // -> [3, 6, 6]
    INDArray mixed0B4aOut = mixed0B4a.forward(stemOut, false).output(); // -> [4, 6, 6]
    INDArray mixed0B4Out = mixed0B4.forward(mixed0B4aOut, false).output(); // -> [2, 6, 6]
    INDArray mixed0OutOut = mixed0Out.forward(false,
        mixed0B1Out, mixed0B2Out, mixed0B3Out, mixed0B4Out).output(); // -> [11, 6, 6]
    // mixed.1 @Use(MiniInception): [11, 6, 6] -> [11, 6, 6]
    INDArray mixed1B1Out = mixed1B1.forward(mixed0OutOut, false).output(); // -> [3, 6, 6]
    INDArray mixed1B2aOut = mixed1B2a.forward(mixed0OutOut, false).output(); // -> [2, 6, 6]
    INDArray mixed1B2Out = mixed1B2.forward(mixed1B2aOut, false).output(); // -> [3, 6, 6]
    INDArray mixed1B3aOut = mixed1B3a.forward(mixed0OutOut, false).output(); // -> [2, 6, 6]
    INDArray mixed1B3bOut = mixed1B3b.forward(mixed1B3aOut, false).output(); // -> [2, 6, 6]
    INDArray mixed1B3Out = mixed1B3.forward(mixed1B3bOut, false).output(); // -> [3, 6, 6]
    INDArray mixed1B4aOut = mixed1B4a.forward(mixed0OutOut, false).output(); // -> [11, 6, 6]
    INDArray mixed1B4Out = mixed1B4.forward(mixed1B4aOut, false).output(); // -> [2, 6, 6]
    INDArray mixed1OutOut = mixed1Out.forward(false,
        mixed1B1Out, mixed1B2Out, mixed1B3Out, mixed1B4Out).output(); // -> [11, 6, 6]
    INDArray gapOut = gap.forward(mixed1OutOut, false).output(); // [11, 6, 6] -> [11]
    INDArray logitsOut = logits.forward(gapOut, false).output(); // [11] -> [3]
    return probs.forward(logitsOut, false).output(); // [3] -> [3]
  }

  @Override
  protected double trainStep(INDArray x, INDArray labels) {
    ConvLayer.Saved stemOut = stem.forward(x, true); // [2, 6, 6] -> [4, 6, 6]
    // mixed.0 @Use(MiniInception): [4, 6, 6] -> [11, 6, 6]
    ConvLayer.Saved mixed0B1Out = mixed0B1.forward(stemOut.output(), true); // -> [3, 6, 6]
    ConvLayer.Saved mixed0B2aOut = mixed0B2a.forward(stemOut.output(), true); // -> [2, 6, 6]
    ConvLayer.Saved mixed0B2Out = mixed0B2.forward(mixed0B2aOut.output(), true); // -> [3, 6, 6]
    ConvLayer.Saved mixed0B3aOut = mixed0B3a.forward(stemOut.output(), true); // -> [2, 6, 6]
    ConvLayer.Saved mixed0B3bOut =
        mixed0B3b.forward(mixed0B3aOut.output(), true); // -> [2, 6, 6]
    ConvLayer.Saved mixed0B3Out = mixed0B3.forward(mixed0B3bOut.output(), true); // -> [3, 6, 6]
    AvgPoolLayer.Saved mixed0B4aOut =
        mixed0B4a.forward(stemOut.output(), true); // -> [4, 6, 6]
    ConvLayer.Saved mixed0B4Out = mixed0B4.forward(mixed0B4aOut.output(), true); // -> [2, 6, 6]
    ConcatLayer.Saved mixed0OutOut = mixed0Out.forward(true, mixed0B1Out.output(),
        mixed0B2Out.output(), mixed0B3Out.output(), mixed0B4Out.output()); // -> [11, 6, 6]
    // mixed.1 @Use(MiniInception): [11, 6, 6] -> [11, 6, 6]
    ConvLayer.Saved mixed1B1Out =
        mixed1B1.forward(mixed0OutOut.output(), true); // -> [3, 6, 6]
    ConvLayer.Saved mixed1B2aOut =
        mixed1B2a.forward(mixed0OutOut.output(), true); // -> [2, 6, 6]
    ConvLayer.Saved mixed1B2Out = mixed1B2.forward(mixed1B2aOut.output(), true); // -> [3, 6, 6]
    ConvLayer.Saved mixed1B3aOut =
        mixed1B3a.forward(mixed0OutOut.output(), true); // -> [2, 6, 6]
    ConvLayer.Saved mixed1B3bOut =
        mixed1B3b.forward(mixed1B3aOut.output(), true); // -> [2, 6, 6]
    ConvLayer.Saved mixed1B3Out = mixed1B3.forward(mixed1B3bOut.output(), true); // -> [3, 6, 6]
    AvgPoolLayer.Saved mixed1B4aOut =
        mixed1B4a.forward(mixed0OutOut.output(), true); // -> [11, 6, 6]
    ConvLayer.Saved mixed1B4Out = mixed1B4.forward(mixed1B4aOut.output(), true); // -> [2, 6, 6]
    ConcatLayer.Saved mixed1OutOut = mixed1Out.forward(true, mixed1B1Out.output(),
        mixed1B2Out.output(), mixed1B3Out.output(), mixed1B4Out.output()); // -> [11, 6, 6]
    GlobalAvgPoolLayer.Saved gapOut = gap.forward(mixed1OutOut.output(), true); // -> [11]
    DenseLayer.Saved logitsOut = logits.forward(gapOut.output(), true); // [11] -> [3]
    SoftmaxLayer.Saved probsOut = probs.forward(logitsOut.output(), true); // [3] -> [3]
    double loss = probs.loss(probsOut, labels);
    // Backward in reverse declaration order: a node's output gradient is complete once all of
    // its consumers are done. With one consumer it is the consumer's array as returned; with
    // several, the first contribution is copied (dup) into a fresh accumulator and the others
    // are added to it, so no kernel's reused buffer is ever written by the network.
    INDArray grad = probs.backwardFromLabels(probsOut, labels);
    grad = logits.backward(logitsOut, grad);
    grad = gap.backward(gapOut, grad);
    INDArray[] mixed1OutGrads = mixed1Out.backward(mixed1OutOut, grad); // b1, b2, b3, b4
    INDArray gradMixed1B4a = mixed1B4.backward(mixed1B4Out, mixed1OutGrads[3]);
    INDArray gradMixed0Out = mixed1B4a.backward(mixed1B4aOut, gradMixed1B4a).dup(); // 1 of 4
    INDArray gradMixed1B3b = mixed1B3.backward(mixed1B3Out, mixed1OutGrads[2]);
    INDArray gradMixed1B3a = mixed1B3b.backward(mixed1B3bOut, gradMixed1B3b);
    gradMixed0Out.addi(mixed1B3a.backward(mixed1B3aOut, gradMixed1B3a)); // 2 of 4
    INDArray gradMixed1B2a = mixed1B2.backward(mixed1B2Out, mixed1OutGrads[1]);
    gradMixed0Out.addi(mixed1B2a.backward(mixed1B2aOut, gradMixed1B2a)); // 3 of 4
    gradMixed0Out.addi(mixed1B1.backward(mixed1B1Out, mixed1OutGrads[0])); // 4 of 4
    INDArray[] mixed0OutGrads = mixed0Out.backward(mixed0OutOut, gradMixed0Out);
    INDArray gradMixed0B4a = mixed0B4.backward(mixed0B4Out, mixed0OutGrads[3]);
    INDArray gradStem = mixed0B4a.backward(mixed0B4aOut, gradMixed0B4a).dup(); // 1 of 4
    INDArray gradMixed0B3b = mixed0B3.backward(mixed0B3Out, mixed0OutGrads[2]);
    INDArray gradMixed0B3a = mixed0B3b.backward(mixed0B3bOut, gradMixed0B3b);
    gradStem.addi(mixed0B3a.backward(mixed0B3aOut, gradMixed0B3a)); // 2 of 4
    INDArray gradMixed0B2a = mixed0B2.backward(mixed0B2Out, mixed0OutGrads[1]);
    gradStem.addi(mixed0B2a.backward(mixed0B2aOut, gradMixed0B2a)); // 3 of 4
    gradStem.addi(mixed0B1.backward(mixed0B1Out, mixed0OutGrads[0])); // 4 of 4
    stem.backward(stemOut, gradStem);
    return loss;
  }

  @Override
  public InceptionModuleNetwork copy() {
    InceptionModuleNetwork c = new InceptionModuleNetwork(dataType(), 0L);
    c.copyParametersFrom(this);
    return c;
  }
}
