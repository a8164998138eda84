package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.Architecture;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.data.ResizePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * spark-train's image data: a folder (with {@code train/} and {@code test/} folders, or class
 * folders only, then trained without a test set) or a CSV manifest, checked on the executors; the
 * {@link ImageDataInfo} goes next to the driver's checkpoint so that {@code annet evaluate} and
 * {@code predict} convert pictures the same way.
 *
 * @param train the training examples
 * @param test the test examples, normalised with the training statistics, or null
 */
record SparkTrainImages(JavaRDD<Example> train, JavaRDD<Example> test) {

  /** Reads {@code data} for {@code architecture}; warnings go to standard error. */
  static SparkTrainImages read(JavaSparkContext spark, String data, Architecture architecture,
      int partitions, int limit, long seed, boolean strict, Path checkpoint) throws IOException {
    BadInputPolicy policy = strict ? BadInputPolicy.STRICT : BadInputPolicy.SKIP;
    String base = data.endsWith("/") ? data.substring(0, data.length() - 1) : data;
    boolean manifest = base.toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    boolean split = !manifest && exists(base + "/train");
    ImageFiles trainFiles = manifest ? ImageFiles.manifest(base)
        : ImageFiles.scan(split ? base + "/train" : base, null, policy, System.err::println);
    if (trainFiles.classNames().size() != architecture.classes()) {
      throw new AnnetException(architecture.modelName() + " has " + architecture.classes()
          + " classes but " + data + " has " + trainFiles.classNames().size() + ": "
          + trainFiles.classNames());
    }
    int[] shape = architecture.inputShape();
    SparkImages.Prepared train = SparkImages.prepare(spark, sample(trainFiles, limit, seed),
        shape, ResizePolicy.CENTRE_CROP, null, policy, partitions, System.err::println);
    if (checkpoint != null) {
      train.info().save(checkpoint);
    }
    JavaRDD<Example> test = null;
    if (split && exists(base + "/test")) {
      ImageFiles testFiles = ImageFiles.scan(base + "/test", trainFiles.classNames(), policy,
          System.err::println);
      test = SparkImages.prepare(spark, sample(testFiles, limit, seed), shape,
          ResizePolicy.CENTRE_CROP, train.info().normalization(), policy, partitions,
          System.err::println).examples();
    }
    return new SparkTrainImages(train.examples(), test);
  }

  /** A seeded sample of {@code limit} files (all when 0), in list order, so every class stays. */
  static ImageFiles sample(ImageFiles files, int limit, long seed) {
    if (limit <= 0 || limit >= files.size()) {
      return files;
    }
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      indices.add(i);
    }
    Collections.shuffle(indices, new Random(seed));
    List<Integer> kept = new ArrayList<>(indices.subList(0, limit));
    Collections.sort(kept);
    int[] labels = files.labels();
    return new ImageFiles(kept.stream().map(files.files()::get).toList(),
        kept.stream().mapToInt(i -> labels[i]).toArray(), files.classNames());
  }

  private static boolean exists(String uri) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    return path.getFileSystem(new Configuration()).exists(path);
  }
}
