package io.annet.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Decodes every file of an {@link ImageList} once, in parallel, before training: files that
 * cannot be used are skipped with one warning each (or, {@link BadInputPolicy#STRICT}, the first
 * fails), and the per-channel mean and standard deviation of the kept images, fitted to the
 * model's input, are computed on the way.
 */
public final class ImageCheck {
  private static final int CHUNK = 64;

  private ImageCheck() {}

  /**
   * What the check found.
   *
   * @param images the usable files, in the list's order
   * @param statistics per-channel mean and (population) standard deviation of their pixels in [0,
   *     1] after resizing (a constant channel gets std 1); null when none is left
   * @param skipped how many files were left out
   * @param converted how many pictures had other channels than the model (grayscale for RGB or
   *     the reverse) and were converted
   */
  public record Result(ImageList images, Normalization statistics, int skipped, int converted) {}

  /**
   * Checks {@code list} for examples of {@code shape} fitted by {@code resize}, on {@code threads}
   * threads; warnings (one line per skipped file, a count at the end) go to {@code warnings}.
   *
   * @throws ImageFileException under {@link BadInputPolicy#STRICT}, for the first bad file
   * @throws DataFormatException when no usable image is left
   */
  public static Result run(ImageList list, int[] shape, ResizePolicy resize, BadInputPolicy policy,
      int threads, Consumer<String> warnings) {
    ImagePipeline pipeline = new ImagePipeline(shape, resize, ImageDecoder.DEFAULT_MAX_PIXELS,
        null, Augmentation.NONE);
    int channels = shape[0];
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "annet-image-check");
      t.setDaemon(true);
      return t;
    });
    List<Future<Chunk>> futures = new ArrayList<>();
    for (int from = 0; from < list.size(); from += CHUNK) {
      int start = from;
      int end = Math.min(list.size(), from + CHUNK);
      futures.add(pool.submit(() -> check(list, pipeline, channels, start, end)));
    }
    double[] sum = new double[channels];
    double[] squares = new double[channels];
    List<Integer> kept = new ArrayList<>();
    int skipped = 0;
    int converted = 0;
    try {
      for (int f = 0; f < futures.size(); f++) {
        Chunk chunk = futures.get(f).get();
        for (int i = 0; i < chunk.problems.length; i++) {
          if (chunk.problems[i] != null) {
            policy.handle(chunk.problems[i], warnings); // strict: throws the first in order
            skipped++;
          } else {
            kept.add(f * CHUNK + i);
          }
        }
        converted += chunk.converted;
        for (int c = 0; c < channels; c++) {
          sum[c] += chunk.sum[c];
          squares[c] += chunk.squares[c];
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.annet.runtime.AnnetException("the image check was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException("image check failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (skipped > 0) {
      warnings.accept("skipped " + skipped + " of " + list.size() + " image files (named above)");
    }
    ImageList images = list.subset(kept.stream().mapToInt(Integer::intValue).toArray());
    long pixels = (long) images.size() * shape[1] * shape[2];
    Normalization statistics = null;
    if (pixels > 0) {
      double[] mean = new double[channels];
      double[] std = new double[channels];
      for (int c = 0; c < channels; c++) {
        mean[c] = sum[c] / pixels;
        double variance = Math.max(0, squares[c] / pixels - mean[c] * mean[c]);
        std[c] = variance > 1e-12 ? Math.sqrt(variance) : 1; // a constant channel: only centre it
      }
      statistics = new Normalization(mean, std);
    }
    return new Result(images, statistics, skipped, converted);
  }

  /** The outcome for files {@code [start, end)}: problems, conversions and pixel sums. */
  private record Chunk(ImageFileException[] problems, int converted, double[] sum,
      double[] squares) {}

  private static Chunk check(ImageList list, ImagePipeline pipeline, int channels, int start,
      int end) {
    ImageFileException[] problems = new ImageFileException[end - start];
    double[] sum = new double[channels];
    double[] squares = new double[channels];
    float[] pixels = new float[pipeline.length()];
    int plane = pipeline.height * pipeline.width;
    int converted = 0;
    for (int i = start; i < end; i++) {
      try {
        if (pipeline.load(list.files().get(i), null, pixels, null, false)) {
          converted++;
        }
      } catch (ImageFileException e) {
        problems[i - start] = e;
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
    return new Chunk(problems, converted, sum, squares);
  }
}
