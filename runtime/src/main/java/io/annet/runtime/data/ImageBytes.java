package io.annet.runtime.data;

import java.nio.file.Path;

/**
 * Fits pictures held in memory (their encoded bytes, read from anywhere: a Hadoop file system on a
 * Spark executor, say) to a network's {@code [C, H, W]} exactly as {@link ImageSource} and {@link
 * ImageCheck} fit files: the same decoder, resize policy and normalisation, without augmentation.
 */
public final class ImageBytes {
  /** Largest file worth reading, in bytes; larger ones are bad inputs. */
  public static final long MAX_FILE_BYTES = ImageDecoder.MAX_FILE_BYTES;

  private final ImagePipeline pipeline;

  /**
   * Pictures fitted to {@code shape = [C, H, W]} by {@code resize}, standardised by {@code
   * normalization} (null: left in [0, 1]).
   */
  public ImageBytes(int[] shape, ResizePolicy resize, Normalization normalization) {
    this.pipeline = new ImagePipeline(shape, resize, ImageDecoder.DEFAULT_MAX_PIXELS,
        normalization, Augmentation.NONE);
  }

  /** Floats per example, {@code C * H * W}. */
  public int length() {
    return pipeline.length();
  }

  /**
   * Decodes {@code bytes} into {@code out[0, length())}, c-order planes; {@code name} names the
   * file in messages.
   *
   * @return whether the picture's own channels were converted (grayscale for RGB or the reverse)
   * @throws ImageFileException naming the file and what is wrong with it
   */
  public boolean fit(byte[] bytes, Path name, float[] out) {
    return pipeline.load(bytes, name, out, true);
  }
}
