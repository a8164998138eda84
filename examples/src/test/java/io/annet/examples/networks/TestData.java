package io.annet.examples.networks;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random inputs and labels for whole-network tests, drawn in plain Java. */
final class TestData {
  private TestData() {}

  /** A batch {@code [n, c, h, w]} of standard normal values. */
  static INDArray input(long seed, DataType dtype, int n, int[] chw) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n * chw[0] * chw[1] * chw[2]];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    return Nd4j.create(values, new long[] {n, chw[0], chw[1], chw[2]}, 'c').castTo(dtype);
  }

  /** One-hot labels {@code [n, classes]} for random classes. */
  static INDArray labels(long seed, DataType dtype, int n, int classes) {
    SplittableRandom random = new SplittableRandom(seed);
    INDArray labels = Nd4j.zeros(dtype, n, classes);
    for (int i = 0; i < n; i++) {
      labels.putScalar(i, random.nextInt(classes), 1.0);
    }
    return labels;
  }
}
