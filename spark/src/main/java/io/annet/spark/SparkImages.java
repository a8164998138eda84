package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.DataFormatException;
import io.annet.runtime.data.ImageBytes;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.data.ImageFileException;
import io.annet.runtime.data.Normalization;
import io.annet.runtime.data.ResizePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Image files as training examples on Spark: the executors decode their partitions' files, read
 * through Hadoop's file systems, with the runtime's decoder ({@link ImageBytes}) fitted to the
 * network's input; a first pass checks every file under the bad-input policy (skip with a
 * warning and a count, or strict) and sums the per-channel statistics as {@link
 * io.annet.runtime.data.ImageCheck} does, so the examples equal the single-machine image path's
 * for the same files. No augmentation.
 */
public final class SparkImages {
  private SparkImages() {}

  /**
   * Checked image data: the examples (indices 0..N-1 over the usable files, in list order) and
   * how they were made, to be saved next to the checkpoint ({@link ImageDataInfo#save}).
   *
   * @param examples the usable images as examples, decoded by the executors on each use
   * @param info class names, shape, resize and normalisation
   * @param files the usable files
   * @param skipped how many files were left out
   */
  public record Prepared(JavaRDD<Example> examples, ImageDataInfo info, ImageFiles files,
      int skipped) {}

  /** One file to read: its example index, URI and class. */
  private record Item(int index, String uri, int label) implements Serializable {}

  /** What the check found in one partition: problems by index, channel sums. */
  private record Checked(List<Integer> bad, List<ImageFileException> problems, double[] sum,
      double[] squares) implements Serializable {}

  /**
   * Checks {@code files} on the executors and returns their examples for a network input of
   * {@code shape = [C, H, W]} fitted by {@code resize} and standardised by {@code normalization}
   * (null: the usable images' per-channel mean and std, computed in the check). Warnings go to
   * {@code warnings} on the driver.
   *
   * @throws ImageFileException under {@link BadInputPolicy#STRICT}, for the first bad file
   * @throws DataFormatException when no usable image is left
   */
  public static Prepared prepare(JavaSparkContext spark, ImageFiles files, int[] shape,
      ResizePolicy resize, Normalization normalization, BadInputPolicy policy, int slices,
      Consumer<String> warnings) {
    int[] labels = files.labels();
    List<Item> all = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      all.add(new Item(i, files.files().get(i), labels[i]));
    }
    int parts = Math.max(1, Math.min(slices, all.size()));
    int channels = shape[0];
    List<Checked> checked = spark.parallelize(all, parts)
        .mapPartitions(it -> List.of(check(it, shape, resize)).iterator()).collect();
    double[] sum = new double[channels];
    double[] squares = new double[channels];
    boolean[] drop = new boolean[files.size()];
    int skipped = 0;
    for (Checked c : checked) {
      for (int i = 0; i < c.bad().size(); i++) {
        if (policy == BadInputPolicy.STRICT) {
          throw c.problems().get(i);
        }
        warnings.accept("skipped " + c.problems().get(i).getMessage());
        drop[c.bad().get(i)] = true;
        skipped++;
      }
      for (int ch = 0; ch < channels; ch++) {
        sum[ch] += c.sum()[ch];
        squares[ch] += c.squares()[ch];
      }
    }
    if (skipped > 0) {
      warnings.accept("skipped " + skipped + " of " + files.size() + " image files (named above)");
    }
    List<Item> kept = new ArrayList<>();
    List<String> keptFiles = new ArrayList<>();
    for (Item item : all) {
      if (!drop[item.index()]) {
        kept.add(new Item(kept.size(), item.uri(), item.label()));
        keptFiles.add(item.uri());
      }
    }
    if (kept.isEmpty()) {
      throw new DataFormatException(java.nio.file.Path.of(files.files().isEmpty() ? "."
          : files.files().get(0)), "none of the " + files.size() + " image files is usable");
    }
    Normalization statistics = normalization != null ? normalization
        : statistics(sum, squares, (long) kept.size() * shape[1] * shape[2]);
    double[] mean = statistics.mean(); // Normalization is not Serializable: its arrays are
    double[] std = statistics.std();
    JavaRDD<Example> examples = spark.parallelize(kept, Math.max(1, Math.min(slices,
        kept.size()))).mapPartitions(it -> read(it, shape, resize, new Normalization(mean, std))
            .iterator());
    ImageDataInfo info = new ImageDataInfo(files.classNames(), shape, resize, statistics, 0, 0);
    ImageFiles usable = new ImageFiles(keptFiles,
        kept.stream().mapToInt(Item::label).toArray(), files.classNames());
    return new Prepared(examples, info, usable, skipped);
  }

  /** Mean and population std per channel, as {@link io.annet.runtime.data.ImageCheck}. */
  private static Normalization statistics(double[] sum, double[] squares, long pixels) {
    double[] mean = new double[sum.length];
    double[] std = new double[sum.length];
    for (int c = 0; c < sum.length; c++) {
      mean[c] = sum[c] / pixels;
      double variance = Math.max(0, squares[c] / pixels - mean[c] * mean[c]);
      std[c] = variance > 1e-12 ? Math.sqrt(variance) : 1; // a constant channel: only centre it
    }
    return new Normalization(mean, std);
  }

  private static Checked check(Iterator<Item> items, int[] shape, ResizePolicy resize) {
    ImageBytes fitter = new ImageBytes(shape, resize, null);
    int channels = shape[0];
    int plane = shape[1] * shape[2];
    float[] pixels = new float[fitter.length()];
    double[] sum = new double[channels];
    double[] squares = new double[channels];
    List<Integer> bad = new ArrayList<>();
    List<ImageFileException> problems = new ArrayList<>();
    Configuration conf = new Configuration();
    while (items.hasNext()) {
      Item item = items.next();
      try {
        fitter.fit(bytes(item.uri(), conf), java.nio.file.Path.of(item.uri()), pixels);
      } catch (ImageFileException e) {
        bad.add(item.index());
        problems.add(e);
        continue;
      }
      for (int c = 0; c < channels; c++) {
        double s = 0;
        double q = 0;
        for (int p = c * plane; p < (c + 1) * plane; p++) {
          s += pixels[p];
          q += (double) pixels[p] * pixels[p];
        }
        sum[c] += s;
        squares[c] += q;
      }
    }
    return new Checked(bad, problems, sum, squares);
  }

  private static List<Example> read(Iterator<Item> items, int[] shape, ResizePolicy resize,
      Normalization normalization) {
    ImageBytes fitter = new ImageBytes(shape, resize, normalization);
    Configuration conf = new Configuration();
    List<Example> out = new ArrayList<>();
    while (items.hasNext()) {
      Item item = items.next();
      float[] features = new float[fitter.length()];
      // checked before: a file that fails now changed since, and stops the epoch naming it
      fitter.fit(bytes(item.uri(), conf), java.nio.file.Path.of(item.uri()), features);
      out.add(new Example(item.index(), features, item.label()));
    }
    return out;
  }

  /** The file's bytes through its Hadoop file system, I/O problems as bad inputs. */
  static byte[] bytes(String uri, Configuration conf) {
    java.nio.file.Path name = java.nio.file.Path.of(uri);
    try {
      Path path = new Path(uri);
      FileSystem fs = path.getFileSystem(conf);
      long size = fs.getFileStatus(path).getLen();
      if (size > ImageBytes.MAX_FILE_BYTES) {
        throw new ImageFileException(name, size + " bytes; expected at most "
            + ImageBytes.MAX_FILE_BYTES);
      }
      byte[] bytes = new byte[(int) size];
      try (InputStream in = fs.open(path)) {
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n != bytes.length) {
          throw new ImageFileException(name, "read " + n + " of " + size + " bytes");
        }
      }
      return bytes;
    } catch (java.io.FileNotFoundException e) {
      throw new ImageFileException(name, "no such file (a broken symbolic link?)", e);
    } catch (IOException e) {
      throw new ImageFileException(name, "cannot read it: " + e, e);
    } catch (RuntimeException e) {
      if (e instanceof AnnetException) {
        throw e;
      }
      throw new ImageFileException(name, "cannot read it: " + e, e);
    }
  }
}
