package io.annet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Measures a synchronous step's communication alone, without any network compute: the driver
 * broadcasts {@code P} float weights, every one of {@code k} tasks returns {@code P} floats
 * derived from them, Spark sums those ({@code treeReduce}, or a {@code collect} summed on the
 * driver), for several {@code P}. Also with the weights shipped inside the task closure instead
 * of a broadcast of their own. Usage (spark-submit or --master in the arguments): {@code
 * OverheadMeasure k steps P1 P2 ...}; prints one line per (P, mode) with the median step time
 * (see docs/SCALE.md).
 */
public final class OverheadMeasure {
  private OverheadMeasure() {}

  /** Runs the measurement and prints a table. */
  public static void main(String[] args) {
    int k = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    SparkConf conf = new SparkConf().setAppName("annet step overhead");
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + k + "]");
    }
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      List<Integer> slots = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        slots.add(i);
      }
      JavaRDD<Integer> tasks = spark.parallelize(slots, k).cache();
      tasks.count();
      System.out.printf(Locale.ROOT, "%-10s %-22s %10s %10s %10s%n", "params", "mode",
          "median ms", "min ms", "MB/s/copy");
      for (int a = 2; a < args.length; a++) {
        int p = Integer.parseInt(args[a]);
        for (String mode : List.of("broadcast+treeReduce", "closure+treeReduce",
            "broadcast+collect")) {
          double[] ms = new double[steps];
          float[] weights = new float[p];
          java.util.SplittableRandom random = new java.util.SplittableRandom(p);
          for (int i = 0; i < p; i++) {
            weights[i] = (float) random.nextGaussian(); // incompressible, as real weights are
          }
          for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            float[] sum = step(spark, tasks, weights, mode);
            ms[s] = (System.nanoTime() - t0) / 1e6;
            weights[0] = sum[0] / k; // the next step's weights depend on this one's sum
          }
          Arrays.sort(ms);
          double median = ms[steps / 2];
          System.out.printf(Locale.ROOT, "%-10d %-22s %10.1f %10.1f %10.1f%n", p, mode, median,
              ms[0], 4.0 * p / 1e6 / (median / 1e3));
        }
      }
    }
  }

  private static float[] step(JavaSparkContext spark, JavaRDD<Integer> tasks, float[] weights,
      String mode) {
    switch (mode) {
      case "broadcast+treeReduce": {
        Broadcast<float[]> b = spark.broadcast(weights);
        try {
          return tasks.map(i -> gradient(b.value())).treeReduce(OverheadMeasure::add, 2);
        } finally {
          b.destroy(false);
        }
      }
      case "closure+treeReduce": {
        float[] w = weights.clone();
        return tasks.map(i -> gradient(w)).treeReduce(OverheadMeasure::add, 2);
      }
      default: {
        Broadcast<float[]> b = spark.broadcast(weights);
        try {
          float[] sum = null;
          for (float[] g : tasks.map(i -> gradient(b.value())).collect()) {
            sum = sum == null ? g : add(sum, g);
          }
          return sum;
        } finally {
          b.destroy(false);
        }
      }
    }
  }

  /** A stand-in gradient: one pass over the weights, as copying them in and out costs. */
  private static float[] gradient(float[] w) {
    float[] g = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      g[i] = w[i] * 0.5f;
    }
    return g;
  }

  private static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }
}
