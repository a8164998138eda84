package io.annet.runtime.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * What happens to one image file on its way into a batch: decode, fit to {@code [C, H, W]} by
 * the resize policy (through a random resized crop when augmenting), flip, shift and jitter when
 * augmenting, then normalise per channel.
 */
final class ImagePipeline {
  final int channels;
  final int height;
  final int width;
  final ResizePolicy resize;
  final long maxPixels;
  private final float[] mean;
  private final float[] std;
  final Augmentation augmentation;

  ImagePipeline(int[] shape, ResizePolicy resize, long maxPixels, Normalization normalization,
      Augmentation augmentation) {
    if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3) || shape[1] < 1 || shape[2] < 1) {
      throw new IllegalArgumentException("image data needs an input shape [1 or 3, H, W], found "
          + java.util.Arrays.toString(shape));
    }
    this.channels = shape[0];
    this.height = shape[1];
    this.width = shape[2];
    this.resize = resize;
    this.maxPixels = maxPixels;
    this.augmentation = augmentation;
    if (normalization == null) {
      mean = null;
      std = null;
    } else {
      if (normalization.mean().length != channels) {
        throw new IllegalArgumentException("the normalisation has " + normalization.mean().length
            + " channels but the images have " + channels);
      }
      mean = new float[channels];
      std = new float[channels];
      for (int c = 0; c < channels; c++) {
        mean[c] = (float) normalization.mean()[c];
        std[c] = (float) normalization.std()[c];
      }
    }
  }

  /** Floats per example. */
  int length() {
    return channels * height * width;
  }

  /**
   * Loads {@code file} into {@code out[0, length())}, augmented when {@code rng} is not null,
   * normalised when {@code normalise}.
   *
   * @return whether the picture's own channels were converted (grayscale for RGB or the reverse)
   * @throws ImageFileException naming the file
   */
  boolean load(Path file, SplittableRandom rng, float[] out, float[] scratch, boolean normalise) {
    return fit(ImageDecoder.decode(file, channels, maxPixels, width, height), rng, out, scratch,
        normalise);
  }

  /** As {@link #load}, for a file's {@code bytes} already read; {@code file} names it. */
  boolean load(byte[] bytes, Path file, float[] out, boolean normalise) {
    return fit(ImageDecoder.decode(bytes, file, channels, maxPixels, width, height), null, out,
        null, normalise);
  }

  private boolean fit(ImageDecoder.Decoded image, SplittableRandom rng, float[] out,
      float[] scratch, boolean normalise) {
    double[] rect = resize.sourceRect(image.width(), image.height(), width, height);
    boolean augment = rng != null && !augmentation.isNone();
    if (augment) {
      rect = augmentation.crop(rect, rng);
    }
    Resampler.resample(image.pixels(), channels, image.height(), image.width(), rect, out, height,
        width);
    if (augment) {
      augmentation.apply(out, scratch, channels, height, width, rng);
    }
    if (normalise && mean != null) {
      int plane = height * width;
      for (int c = 0; c < channels; c++) {
        float m = mean[c];
        float s = std[c];
        for (int i = c * plane; i < (c + 1) * plane; i++) {
          out[i] = (out[i] - m) / s; // as Normalization.apply computes it
        }
      }
    }
    return image.converted();
  }
}
