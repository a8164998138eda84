package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MobileMnistNetwork;
import io.annet.runtime.GradientCheck;
import io.annet.runtime.GradientCheck.Options;
import io.annet.runtime.GradientCheck.Report;
import io.annet.runtime.Network;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The generated forward and backward of whole networks agree with finite differences, in double
 * precision: "the most important test" (grenade's {@code prop_auto_diff}).
 */
class GradientCheckTest {

  /** How the loss is evaluated at a perturbed point. */
  enum LossMode {
    /** Training-mode loss through {@code computeGradients}: needed with batch norm. */
    TRAINING,
    /**
     * Cross-entropy of {@code predict}: cheaper (forward only), valid when inference equals
     * training (no batch norm, no dropout).
     */
    INFERENCE
  }

  /** Checks {@code samples} seeded entries of every trainable tensor on one batch. */
  private static Report run(
      Network network, INDArray x, INDArray labels, int samples, LossMode mode) {
    Options options = Options.DEFAULT.withMaxPerTensor(samples);
    if (mode == LossMode.TRAINING) {
      return GradientCheck.checkNetwork(network, x, labels, options);
    }
    network.computeGradients(x, labels);
    return GradientCheck.check(
        () -> -Transforms.log(network.predict(x), true).mul(labels).sumNumber().doubleValue()
            / x.size(0),
        network.parameters(),
        network.gradients(),
        options);
  }

  private static void check(Network network, int batch, int samples, LossMode mode) {
    assertEquals(DataType.DOUBLE, network.dataType());
    int[] chw = network.architecture().inputShape();
    int classes = network.architecture().classes();
    INDArray x = TestData.input(11, DataType.DOUBLE, batch, chw);
    INDArray labels = TestData.labels(12, DataType.DOUBLE, batch, classes);
    Report report = run(network, x, labels, samples, mode);
    assertTrue(report.checked() > 0, "no trainable parameter was checked");
    assertTrue(report.passed(), network.architecture() + ":\n" + report);
  }

  @Test
  void ninCifar10WithoutDropout() {
    check(NinNoDropoutNetwork.create(1, DataType.DOUBLE), 2, 6, LossMode.INFERENCE);
  }

  @Test
  void mnistGap() {
    check(GapMnistNetwork.create(2, DataType.DOUBLE), 3, 30, LossMode.TRAINING);
  }

  @Test
  void fcHeadWithImplicitSoftmax() {
    check(FcMnistNetwork.create(3, DataType.DOUBLE), 3, 30, LossMode.TRAINING);
  }

  @Test
  void batchNormSpatialAndPerUnit() {
    check(NormNetNetwork.create(4, DataType.DOUBLE), 4, 30, LossMode.TRAINING);
  }

  @Test
  void everyChainingLayerKind() {
    check(EveryKindNetwork.create(5, DataType.DOUBLE), 3, 40, LossMode.TRAINING);
  }

  @Test
  void globalMaxPoolHead() {
    check(GlobalMaxHeadNetwork.create(6, DataType.DOUBLE), 3, 40, LossMode.TRAINING);
  }

  @Test
  void theCheckCatchesAGradientThatDoesNotMatchTheLoss() {
    // With batch norm, inference (running statistics) is a different function from the training
    // loss whose gradient computeGradients returns: the check must notice.
    NormNetNetwork network = NormNetNetwork.create(4, DataType.DOUBLE);
    INDArray x = TestData.input(11, DataType.DOUBLE, 4, new int[] {2, 8, 8});
    INDArray labels = TestData.labels(12, DataType.DOUBLE, 4, 5);
    Report report = run(network, x, labels, 10, LossMode.INFERENCE);
    assertTrue(report.failures().size() > 5, report.toString());
    assertTrue(report.toString().contains("relative error"), report.toString());
  }

  @Test
  void gapDenseHead() {
    check(DenseCamHeadNetwork.create(7, DataType.DOUBLE), 3, 40, LossMode.TRAINING);
  }

  @Test
  void mobileNetStyleDepthwiseSeparable() {
    MobileMnistNetwork network = MobileMnistNetwork.create(8, DataType.DOUBLE);
    // A depthwise window sees one channel: with the zero initial biases, a window lying wholly in
    // the dead (zero) part of a ReLU output gives a pre-activation of exactly 0, the ReLU's kink,
    // where a central difference is half the one-sided slope. Nonzero biases move off the kink.
    Nd4j.getRandom().setSeed(9);
    network.parameters().forEach((name, value) -> {
      if (name.endsWith(".bias")) {
        value.assign(Nd4j.rand(DataType.DOUBLE, value.shape()).subi(0.5).muli(0.2));
      }
    });
    check(network, 3, 40, LossMode.TRAINING);
  }
}
