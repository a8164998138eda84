package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.GradientCheck.Options;
import io.annet.runtime.Initializer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every kernel's input and parameter gradients agree with central differences, in float64. */
class KernelGradientTest {
  private static final DataType D = DataType.DOUBLE;
  private static final Options OPTIONS = Options.DEFAULT;

  static INDArray input(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    double[] v = new double[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextDouble() - 1;
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static void check(Kernel<?> kernel, INDArray x, boolean training) {
    checkWith(kernel, x, training, null);
  }

  private static <S extends Forward> void checkWith(
      Kernel<S> kernel, INDArray x, boolean training, Runnable before) {
    GradientCheck.Report report = GradientCheck.checkKernel(kernel, x, training, before, OPTIONS);
    assertTrue(report.checked() > 0);
    report.assertPassed();
  }

  /** Gives the bias nonzero values so that its gradient matters to every output. */
  private static void randomizeBias(INDArray bias) {
    if (bias != null) {
      bias.assign(input(99, bias.length()).muli(0.1));
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void convEveryActivation(Activation activation) {
    ConvLayer conv =
        new ConvLayer("c", new int[] {2, 5, 5}, 3, Window.square(3, 1, 1), activation, true, D,
            new Initializer(1));
    randomizeBias(conv.bias());
    check(conv, input(2, 2, 2, 5, 5), true);
  }

  @Test
  void convStridedRectangularPaddedWithoutBias() {
    Window win = new Window(2, 3, 2, 1, 1, 0, false);
    check(
        new ConvLayer("c", new int[] {3, 6, 5}, 2, win, Activation.TANH, false, D,
            new Initializer(3)),
        input(4, 2, 3, 6, 5), true);
  }

  @Test
  void convSameWithOddPadding() {
    Window win = new Window(4, 2, 3, 2, 0, 0, true); // odd SAME totals on both axes
    ConvLayer conv =
        new ConvLayer("c", new int[] {2, 7, 6}, 3, win, Activation.LEAKY_RELU, true, D,
            new Initializer(5));
    randomizeBias(conv.bias());
    check(conv, input(6, 2, 2, 7, 6), true);
  }

  @Test
  void mlpConv() {
    MlpConvLayer block =
        new MlpConvLayer("b", new int[] {2, 6, 6}, new int[] {4, 3, 2}, Window.square(3, 2, 1),
            Activation.SIGMOID, D, new Initializer(7));
    for (ConvLayer conv : block.stages()) {
      randomizeBias(conv.bias());
    }
    check(block, input(8, 2, 2, 6, 6), true);
  }

  @Test
  void maxPoolStridedPadded() {
    check(new MaxPoolLayer("p", new int[] {2, 7, 6}, new Window(3, 2, 2, 2, 1, 1, false), D),
        input(9, 2, 2, 7, 6), true);
  }

  @Test
  void maxPoolSame() {
    check(new MaxPoolLayer("p", new int[] {2, 5, 6}, new Window(2, 3, 2, 2, 0, 0, true), D),
        input(10, 2, 2, 5, 6), true);
  }

  @Test
  void avgPoolPaddedExcludesPadding() {
    check(new AvgPoolLayer("p", new int[] {2, 6, 5}, new Window(3, 3, 2, 1, 1, 1, false), D),
        input(11, 2, 2, 6, 5), true);
  }

  @Test
  void avgPoolSame() {
    check(new AvgPoolLayer("p", new int[] {1, 5, 7}, new Window(2, 4, 2, 3, 0, 0, true), D),
        input(12, 3, 1, 5, 7), true);
  }

  @Test
  void globalPools() {
    check(new GlobalAvgPoolLayer("g", new int[] {3, 4, 5}, D), input(13, 2, 3, 4, 5), true);
    check(new GlobalMaxPoolLayer("g", new int[] {3, 4, 5}, D), input(14, 2, 3, 4, 5), true);
  }

  @Test
  void flatten() {
    check(new FlattenLayer("f", new int[] {2, 3, 4}, D), input(15, 2, 2, 3, 4), true);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void denseEveryActivation(Activation activation) {
    DenseLayer dense = new DenseLayer("d", new int[] {6}, 4, activation, true, D,
        new Initializer(16));
    randomizeBias(dense.bias());
    check(dense, input(17, 3, 6), true);
  }

  @Test
  void denseOnColumnMapsWithoutBias() {
    check(new DenseLayer("d", new int[] {5, 1, 1}, 3, Activation.RELU, false, D,
        new Initializer(18)), input(19, 2, 5, 1, 1), true);
  }

  @Test
  void dropoutWithFixedMask() {
    DropoutLayer drop = new DropoutLayer("drop", new int[] {3, 4, 4}, 0.4, D, new Initializer(20));
    checkWith(drop, input(21, 2, 3, 4, 4), true, () -> drop.reseed(1234));
  }

  @Test
  void dropoutIdentityInInference() {
    check(new DropoutLayer("drop", new int[] {5}, 0.5, D, new Initializer(22)),
        input(23, 3, 5), false);
  }

  @Test
  void batchNormSpatialTraining() {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {3, 4, 5}, 0.9, 1e-5, D);
    bn.gamma().assign(input(24, 3).addi(1.5));
    bn.beta().assign(input(25, 3));
    check(bn, input(26, 4, 3, 4, 5), true);
  }

  @Test
  void batchNormPerUnitTraining() {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {6}, 0.9, 1e-5, D);
    bn.gamma().assign(input(27, 6).addi(1.5));
    check(bn, input(28, 5, 6), true);
  }

  @Test
  void batchNormWithActivationTraining() {
    for (Activation activation : new Activation[] {Activation.RELU, Activation.TANH}) {
      BatchNormLayer bn =
          new BatchNormLayer("bn", new int[] {3, 4, 5}, 0.9, 1e-5, activation, D);
      bn.gamma().assign(input(35, 3).addi(1.5));
      bn.beta().assign(input(36, 3));
      check(bn, input(37, 4, 3, 4, 5), true);
    }
  }

  @Test
  void batchNormWithActivationInference() {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {6}, 0.9, 1e-5, Activation.RELU, D);
    bn.gamma().assign(input(38, 6).addi(1.5));
    bn.runningMean().assign(input(39, 6));
    check(bn, input(40, 5, 6), false);
  }

  @Test
  void batchNormInference() {
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {3, 2, 2}, 0.9, 1e-5, D);
    bn.gamma().assign(input(29, 3).addi(1.5));
    bn.runningMean().assign(input(30, 3));
    bn.runningVariance().assign(input(31, 3).addi(1.5));
    check(bn, input(32, 2, 3, 2, 2), false);
  }

  @Test
  void softmaxJacobian() {
    check(new SoftmaxLayer("s", new int[] {5}, D), input(33, 3, 5), true);
    check(new SoftmaxLayer("s", new int[] {4, 1, 1}, D), input(34, 2, 4, 1, 1), true);
  }
}
