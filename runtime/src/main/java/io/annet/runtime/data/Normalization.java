package io.annet.runtime.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]}; fit it on the training set and
 * apply the same one to the test set. (The readers already scale pixels to [0, 1].)
 *
 * @param mean per-channel mean
 * @param std per-channel standard deviation, all > 0
 */
public record Normalization(double[] mean, double[] std) {

  public Normalization {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "mean and std need the same, non-zero length, found " + mean.length + " and "
              + std.length);
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || Double.isInfinite(std[c])) {
        throw new IllegalArgumentException(
            "std of channel " + c + " must be finite and > 0, found " + std[c]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The per-channel mean and (population) standard deviation of {@code data}. */
  public static Normalization fit(Dataset data) {
    INDArray x = data.features();
    int channels = data.exampleShape()[0];
    double[] mean = x.mean(0, 2, 3).toDoubleVector();
    double[] std = x.std(false, 0, 2, 3).toDoubleVector();
    for (int c = 0; c < channels; c++) {
      if (std[c] == 0) {
        std[c] = 1; // a constant channel: only centre it
      }
    }
    return new Normalization(mean, std);
  }

  /** A normalised copy of {@code data}. */
  public Dataset apply(Dataset data) {
    int channels = data.exampleShape()[0];
    if (channels != mean.length) {
      throw new IllegalArgumentException(
          "normalisation has " + mean.length + " channels, the data has " + channels);
    }
    INDArray x = data.features().dup('c');
    for (int c = 0; c < channels; c++) {
      INDArray channel = x.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(),
          NDArrayIndex.all());
      channel.subi(mean[c]).divi(std[c]);
    }
    return new Dataset(x, data.labels(), data.numClasses());
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public String toString() {
    return "Normalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
