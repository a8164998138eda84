package io.annet.spark;

import io.annet.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Training data as Spark RDDs of {@link Example}: from an in-memory {@link Dataset}, from
 * (features, label) pairs, or from MNIST-style IDX files that every executor can read through
 * Hadoop's file systems (a local path, {@code hdfs://}, {@code s3a://}), or from CIFAR-10
 * binary batches likewise, each partition reading only its own range of examples.
 */
public final class SparkData {
  private SparkData() {}

  /** The examples of {@code data}, spread over {@code slices} partitions. */
  public static JavaRDD<Example> of(JavaSparkContext spark, Dataset data, int slices) {
    INDArray features = data.features().castTo(DataType.FLOAT);
    int n = data.size();
    int length = (int) (features.length() / n);
    float[] flat = features.dup('c').data().asFloat();
    int[] labels = data.labels();
    List<Example> examples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] row = new float[length];
      System.arraycopy(flat, i * length, row, 0, length);
      examples.add(new Example(i, row, labels[i]));
    }
    return spark.parallelize(examples, slices);
  }

  /**
   * Numbers (features, label) pairs 0..N-1 in the RDD's order, which must be deterministic (the
   * order decides each example's place in every epoch, and a lost partition is recomputed).
   */
  public static JavaRDD<Example> indexed(JavaRDD<Tuple2<float[], Integer>> pairs) {
    return pairs.zipWithIndex().map(p -> new Example(p._2(), p._1()._1(), p._1()._2()));
  }

  /**
   * The examples of an IDX images file and its labels file (each optionally gzipped) at Hadoop
   * file system URIs, read by the executors in {@code slices} ranges, pixels scaled to [0, 1]
   * as {@link io.annet.runtime.data.IdxReader} does.
   */
  public static JavaRDD<Example> idx(JavaSparkContext spark, String images, String labels,
      int numClasses, int slices) {
    IdxPartitions.Header header = IdxPartitions.header(images, labels);
    List<long[]> ranges = new ArrayList<>();
    for (int s = 0; s < slices; s++) {
      long from = (long) header.count() * s / slices;
      long to = (long) header.count() * (s + 1) / slices;
      if (to > from) {
        ranges.add(new long[] {from, to});
      }
    }
    return spark.parallelize(ranges, ranges.size())
        .flatMap(r -> IdxPartitions.read(images, labels, header, numClasses, r[0], r[1])
            .iterator());
  }

  /**
   * The examples of CIFAR-10 binary batch files (e.g. {@code data_batch_1.bin} ...), numbered
   * in file order, read by the executors in about {@code slices} ranges.
   */
  public static JavaRDD<Example> cifar(JavaSparkContext spark, int slices, String... files) {
    List<CifarPartitions.Range> ranges = CifarPartitions.ranges(files, slices);
    return spark.parallelize(ranges, ranges.size())
        .flatMap(r -> CifarPartitions.read(r).iterator());
  }

  /**
   * The training split of an MNIST-style directory (a Hadoop file system URI or a local path):
   * {@code train-images-idx3-ubyte.gz} and {@code train-labels-idx1-ubyte.gz}, or {@code t10k-}
   * when {@code train} is false.
   */
  public static JavaRDD<Example> mnist(JavaSparkContext spark, String directory, boolean train,
      int slices) {
    String split = train ? "train" : "t10k";
    String base = directory.endsWith("/") ? directory : directory + "/";
    return idx(spark, IdxPartitions.locate(base + split + "-images-idx3-ubyte"),
        IdxPartitions.locate(base + split + "-labels-idx1-ubyte"), 10, slices);
  }
}
