package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Annet's generated networks against DL4J's {@code MultiLayerNetwork} built from the same {@link
 * Arch} with the same weights: outputs agree to 1e-4 and gradients to 1e-3, relative, on one small
 * batch.
 *
 * <p>In double precision the check is element by element (DL4J's own gradient-check settings: an
 * element counts only above an absolute difference of 1e-8). In float32, the precision the
 * benchmark runs (Annet on oneDNN, DL4J on im2col), a gradient element that is a sum of many terms
 * of larger magnitude carries rounding noise relative to those terms, not to itself, so there the
 * error is relative to the largest magnitude of the tensor: {@code max|a - b| / max|b|}.
 */
class Dl4jCrossCheckTest {
  private static final double OUTPUT_TOLERANCE = 1e-4;
  private static final double GRADIENT_TOLERANCE = 1e-3;
  private static final double ABSOLUTE_FLOOR = 1e-8;

  @Test
  void ninCifarMatchesDl4j() {
    crossCheck(true, Arch.ninCifar(), 2, DataType.DOUBLE);
  }

  @Test
  void mnistGapMatchesDl4j() {
    crossCheck(false, Arch.mnistGap(), 5, DataType.DOUBLE);
  }

  @Test
  void ninCifarMatchesDl4jInFloat32() {
    crossCheck(true, Arch.ninCifar(), 2, DataType.FLOAT);
  }

  @Test
  void mnistGapMatchesDl4jInFloat32() {
    crossCheck(false, Arch.mnistGap(), 5, DataType.FLOAT);
  }

  private static void crossCheck(boolean nin, Arch arch, int batch, DataType dtype) {
    Network annet = AnnetStep.create(nin, dtype);
    MultiLayerNetwork dl4j = Dl4jNets.build(arch, dtype, 0.1);
    Dl4jNets.setParameters(dl4j, arch, annet.parameters());

    INDArray x = randomImages(arch, batch).castTo(dtype);
    INDArray y =
        Nd4j.create(Batches.oneHot(arch, batch), new long[] {batch, arch.classes()}, 'c')
            .castTo(dtype);

    INDArray annetOut = annet.predict(x);
    INDArray dl4jOut = dl4j.output(x, false);
    boolean elementWise = dtype == DataType.DOUBLE;
    assertClose("probabilities", dl4jOut, annetOut, OUTPUT_TOLERANCE, elementWise);

    double annetLoss = annet.computeGradients(x, y);
    dl4j.setInput(x);
    dl4j.setLabels(y);
    dl4j.computeGradientAndScore();
    // DL4J's score is the mean cross-entropy over the batch, as Annet's loss is.
    assertEquals(dl4j.score(), annetLoss, OUTPUT_TOLERANCE * Math.abs(annetLoss), "loss");

    // DL4J returns the gradient of the summed loss; meanGradients divides by the batch size.
    Map<String, INDArray> expected = Dl4jNets.meanGradients(dl4j, arch, batch);
    Map<String, INDArray> actual = annet.gradients();
    assertEquals(
        new ArrayList<>(expected.keySet()),
        new ArrayList<>(actual.keySet()),
        "gradient names (Annet's order)");
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      assertClose(
          "gradient of " + e.getKey(),
          e.getValue(),
          actual.get(e.getKey()),
          GRADIENT_TOLERANCE,
          elementWise);
    }
  }

  private static INDArray randomImages(Arch arch, int batch) {
    int[] in = arch.input();
    double[] values = new double[batch * in[0] * in[1] * in[2]];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble() * 2 - 1;
    }
    return Nd4j.create(values, Batches.shape(arch, batch), 'c');
  }

  /**
   * Element-wise {@code |a - b| / max(|a|, |b|) <= tolerance} unless {@code |a - b| <=
   * ABSOLUTE_FLOOR}; or, when not {@code elementWise}, {@code max|a - b| / max|expected| <=
   * tolerance}.
   */
  static void assertClose(
      String what, INDArray expected, INDArray actual, double tolerance, boolean elementWise) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    double[] a = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    double scale = 0;
    double maxDiff = 0;
    for (int i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      maxDiff = Math.max(maxDiff, Math.abs(e[i] - a[i]));
    }
    assertTrue(scale > 0, what + ": DL4J's values are all zero, nothing was compared");
    if (!elementWise) {
      assertTrue(
          maxDiff / scale <= tolerance,
          what + ": max|DL4J - Annet| / max|DL4J| = " + maxDiff / scale + " > " + tolerance);
      return;
    }
    List<String> bad = new ArrayList<>();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      double diff = Math.abs(e[i] - a[i]);
      if (diff <= ABSOLUTE_FLOOR) {
        continue;
      }
      double relative = diff / Math.max(Math.abs(e[i]), Math.abs(a[i]));
      worst = Math.max(worst, relative);
      if (relative > tolerance && bad.size() < 5) {
        bad.add("[" + i + "] DL4J " + e[i] + " vs Annet " + a[i]);
      }
    }
    assertTrue(
        bad.isEmpty(),
        what + ": worst relative error " + worst + " > " + tolerance + "; first offenders: " + bad);
  }
}
