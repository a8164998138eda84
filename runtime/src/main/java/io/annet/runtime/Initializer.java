package io.annet.runtime;

import io.annet.dsl.Activation;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deterministic initial values for a network's tensors, drawn in the order layers are constructed.
 *
 * <p>Weights come from one {@link SplittableRandom} stream in plain Java, so the same seed gives
 * the same weights whatever ND4J's thread count, and a float32 network gets the float32 rounding
 * of the float64 network's weights. Layers with {@link Activation#RELU} or {@link
 * Activation#LEAKY_RELU} get He normal weights ({@code std = sqrt(2 / fanIn)}), all others Glorot
 * uniform ({@code limit = sqrt(6 / (fanIn + fanOut))}); biases are zero; batch norm starts at
 * gamma 1, beta 0, mean 0, variance 1. Dropout layers take their mask seed from {@link
 * #nextSeed()}.
 */
public final class Initializer {
  private final SplittableRandom random;

  /** An initializer whose whole stream is fixed by {@code seed}. */
  public Initializer(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Draws a weight tensor of {@code shape}: He normal when {@code activation.usesHeInit()}, else
   * Glorot uniform.
   *
   * @param fanIn inputs feeding one output (e.g. {@code in * kh * kw})
   * @param fanOut outputs one input feeds (e.g. {@code out * kh * kw})
   */
  public INDArray weights(
      long[] shape, long fanIn, long fanOut, Activation activation, DataType dtype) {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor too large to initialise: " + count + " values");
    }
    double[] values = new double[(int) count];
    if (activation.usesHeInit()) {
      double std = Math.sqrt(2.0 / fanIn);
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextGaussian() * std;
      }
    } else {
      double limit = Math.sqrt(6.0 / (fanIn + fanOut));
      for (int i = 0; i < values.length; i++) {
        values[i] = (2 * random.nextDouble() - 1) * limit;
      }
    }
    return Nd4j.create(values, shape, 'c').castTo(dtype);
  }

  /** A tensor of zeros (biases, beta, running mean). */
  public static INDArray zeros(DataType dtype, long... shape) {
    return Nd4j.zeros(dtype, shape);
  }

  /** A tensor of ones (gamma, running variance). */
  public static INDArray ones(DataType dtype, long... shape) {
    return Nd4j.ones(dtype, shape);
  }

  /** The next seed of the stream, for a layer that needs its own random numbers (dropout). */
  public long nextSeed() {
    return random.nextLong();
  }
}
