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
 * Times a 1x1 convolution's forward and backward on each {@link ConvLayer.Path} for a few map
 * sizes, the measurement behind {@link ConvLayer#PER_EXAMPLE_MIN_PIXELS}. The paths run
 * alternately, round by round, so a shared machine's load hits them alike; medians of round means.
 *
 * <p>Run from the runtime module's test classpath: {@code java -cp ...
 * io.annet.runtime.layers.ConvPathProfiler [batch=64] [rounds=5]}.
 */
public final class ConvPathProfiler {
  private ConvPathProfiler() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[][] shapes = { // C, F, H (= W)
      {64, 64, 7}, {64, 10, 7}, {96, 96, 8}, {64, 64, 14}, {64, 64, 16}, {96, 96, 32}
    };
    ConvLayer.Path[] paths = ConvLayer.Path.values();
    System.out.printf(Locale.ROOT, "batch %d, ms per forward + backward (median of %d rounds)%n",
        batch, rounds);
    System.out.printf(Locale.ROOT, "%-16s %10s %12s %10s  chosen%n", "C->F, HxW", "native",
        "per-example", "batched");
    for (int[] s : shapes) {
      ConvLayer[] layers = new ConvLayer[paths.length];
      for (int i = 0; i < paths.length; i++) {
        layers[i] = new ConvLayer("c", "Conv", new int[] {s[0], s[2], s[2]}, s[1],
            Window.square(1, 1, 0), Activation.RELU, true, DataType.FLOAT, new Initializer(1),
            paths[i]);
      }
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, s[0], s[2], s[2]);
      INDArray g = Nd4j.rand(DataType.FLOAT, batch, s[1], s[2], s[2]);
      long[][] times = new long[paths.length][rounds];
      int reps = Math.max(2, (int) (2_000_000L / ((long) s[0] * s[1] * s[2] * s[2])));
      for (ConvLayer layer : layers) {
        run(layer, x, g, reps); // warm-up
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < paths.length; i++) {
          times[i][r] = run(layers[i], x, g, reps);
        }
      }
      ConvLayer chosen = new ConvLayer("c", new int[] {s[0], s[2], s[2]}, s[1],
          Window.square(1, 1, 0), Activation.RELU, true, DataType.FLOAT, new Initializer(1));
      System.out.printf(Locale.ROOT, "%-16s %10.3f %12.3f %10.3f  %s%n",
          s[0] + "->" + s[1] + ", " + s[2] + "x" + s[2], median(times[0]), median(times[1]),
          median(times[2]), chosen.path());
    }
  }

  private static long run(ConvLayer layer, INDArray x, INDArray g, int reps) {
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
