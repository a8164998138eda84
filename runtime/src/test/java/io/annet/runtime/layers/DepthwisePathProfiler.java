package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times a float32 {@link DepthwiseConvLayer}'s forward and backward on MobileNet-style shapes, on
 * whichever path it takes: oneDNN's grouped convolution by default, libnd4j's depthwise op when
 * the JVM runs with {@code -Dannet.onednn=false}. Run it both ways, alternately, to compare.
 *
 * <p>Run from the runtime module's test classpath: {@code java -cp ...
 * io.annet.runtime.layers.DepthwisePathProfiler [batch=64] [rounds=5]}.
 */
public final class DepthwisePathProfiler {
  private DepthwisePathProfiler() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[][] shapes = { // C, H (= W), multiplier, stride
      {16, 14, 1, 1}, {32, 14, 2, 2}, {64, 7, 1, 1}, {128, 28, 1, 1}
    };
    System.out.printf(Locale.ROOT, "batch %d, ms per forward + backward (median of %d rounds)%n",
        batch, rounds);
    for (int[] s : shapes) {
      boolean same = s[3] == 1; // stride 1 SAME, or stride 2 padded by 1 (MobileNet's blocks)
      Window window = new Window(3, 3, s[3], s[3], same ? 0 : 1, same ? 0 : 1, same);
      DepthwiseConvLayer layer = new DepthwiseConvLayer("dw", new int[] {s[0], s[1], s[1]}, s[2],
          window, Activation.RELU, true, DataType.FLOAT, new Initializer(1));
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, s[0], s[1], s[1]);
      INDArray g = Nd4j.rand(DataType.FLOAT, layer.forward(x, false).output().shape());
      int reps = Math.max(3, (int) (200_000L / ((long) s[0] * s[1] * s[1])));
      run(layer, x, g, reps); // warm-up
      long[] times = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        times[r] = run(layer, x, g, reps);
      }
      System.out.printf(Locale.ROOT, "%-22s %10.3f  %s%n",
          s[0] + "x" + s[1] + "x" + s[1] + " m" + s[2] + " s" + s[3], median(times),
          layer.path());
    }
  }

  private static long run(DepthwiseConvLayer layer, INDArray x, INDArray g, int reps) {
    long start = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      layer.backward(layer.forward(x, true), g);
    }
    return (System.nanoTime() - start) / reps;
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
