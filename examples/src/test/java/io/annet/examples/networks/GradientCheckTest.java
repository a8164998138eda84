package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.networks.GradientCheck.LossMode;
import io.annet.runtime.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generated forward and backward of whole networks agree with finite differences, in double
 * precision: "the most important test" (grenade's {@code prop_auto_diff}).
 */
class GradientCheckTest {

  private static void check(Network network, int batch, int samples, LossMode mode) {
    assertEquals(DataType.DOUBLE, network.dataType());
    int[] chw = network.architecture().inputShape();
    int classes = network.architecture().classes();
    INDArray x = TestData.input(11, DataType.DOUBLE, batch, chw);
    INDArray labels = TestData.labels(12, DataType.DOUBLE, batch, classes);
    List<String> failures = GradientCheck.run(network, x, labels, samples, 13, mode);
    assertTrue(failures.isEmpty(), network.architecture() + ":\n" + String.join("\n", failures));
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
    List<String> failures = GradientCheck.run(network, x, labels, 10, 13, LossMode.INFERENCE);
    assertTrue(failures.size() > 5, String.join("\n", failures));
    assertTrue(failures.get(0).contains("relative error"), failures.get(0));
  }

  @Test
  void gapDenseHead() {
    check(DenseCamHeadNetwork.create(7, DataType.DOUBLE), 3, 40, LossMode.TRAINING);
  }
}
