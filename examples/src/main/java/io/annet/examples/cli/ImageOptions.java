package io.annet.examples.cli;

import io.annet.runtime.data.Augmentation;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.ResizePolicy;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of {@code train} and {@code evaluate} for image folders and CSV manifests. */
final class ImageOptions {
  /** What {@code --data} holds. */
  enum Format {
    /** Detected: a CSV file is a manifest, a folder of class folders is images, else IDX/CIFAR. */
    auto,
    /** MNIST-style IDX files. */
    idx,
    /** CIFAR-10 binary batches. */
    cifar,
    /** One sub-folder per class (or train/ and test/ folders of them), or a CSV manifest. */
    images
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "What --data holds: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: a .csv file is"
              + " a manifest of path,label lines, a folder of class folders is images).",
      defaultValue = "auto")
  Format format = Format.auto;

  @Option(
      names = "--val",
      paramLabel = "FRACTION",
      description =
          "For images without a test/ folder: the fraction of each class held out for"
              + " evaluation, drawn by --seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.1")
  double validation = 0.1;

  @Option(
      names = "--strict",
      description =
          "Stop at the first image that cannot be used (default: skip it with one warning line"
              + " naming it, and a count).")
  boolean strict;

  @Option(
      names = "--augment",
      paramLabel = "KINDS",
      description =
          "Training images only, seeded by --seed: none, all, or a comma-separated list of"
              + " crop (shifts with padding), flip, resized (random resized crops of 80 %% or"
              + " more), jitter (brightness and contrast) (default: ${DEFAULT-VALUE}).",
      defaultValue = "none")
  String augment = "none";

  @Option(
      names = "--resize",
      paramLabel = "POLICY",
      description =
          "How pictures of another size fit the model: centre-crop (scale the shorter side, cut"
              + " the centre) or stretch (default: ${DEFAULT-VALUE}).",
      defaultValue = "centre-crop")
  String resize = "centre-crop";

  @Option(
      names = "--decode-threads",
      paramLabel = "N",
      description = "Background threads decoding images (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int decodeThreads = 2;

  /** The bad-input policy. */
  BadInputPolicy policy() {
    return strict ? BadInputPolicy.STRICT : BadInputPolicy.SKIP;
  }

  /** The resize policy, or a clear error. */
  ResizePolicy resizePolicy() {
    return switch (resize.toLowerCase(Locale.ROOT)) {
      case "centre-crop", "center-crop" -> ResizePolicy.CENTRE_CROP;
      case "stretch" -> ResizePolicy.STRETCH;
      default -> throw new CliException(
          "--resize expects centre-crop or stretch, found " + resize);
    };
  }

  /** The augmentation of training images for a model of {@code height x width}. */
  Augmentation augmentation(int height, int width) {
    Augmentation all = Augmentation.standard(height, width);
    int pad = 0;
    boolean flip = false;
    double crop = 1;
    double jitter = 0;
    for (String kind : augment.toLowerCase(Locale.ROOT).split(",")) {
      switch (kind.strip()) {
        case "none" -> { }
        case "all" -> {
          return all;
        }
        case "crop" -> pad = all.padCrop();
        case "flip" -> flip = true;
        case "resized" -> crop = all.minCropArea();
        case "jitter" -> jitter = all.brightness();
        default -> throw new CliException("--augment expects none, all, or a list of crop, flip,"
            + " resized, jitter; found " + kind.strip());
      }
    }
    return new Augmentation(pad, flip, crop, jitter, jitter);
  }

  /** Checks the numeric options. */
  void validate() {
    if (!(validation >= 0 && validation < 1)) {
      throw new CliException("--val expects a fraction in [0, 1), found " + validation);
    }
    if (decodeThreads < 1 || decodeThreads > 64) {
      throw new CliException("--decode-threads expects 1 to 64, found " + decodeThreads);
    }
    resizePolicy();
  }
}
