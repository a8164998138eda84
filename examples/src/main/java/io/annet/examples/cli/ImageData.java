package io.annet.examples.cli;

import io.annet.runtime.Architecture;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.ImageCheck;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.data.ImageFolder;
import io.annet.runtime.data.ImageList;
import io.annet.runtime.data.ImageSource;
import io.annet.runtime.data.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Image data for the commands: class folders (or {@code train/} and {@code test/} folders of them,
 * or a CSV manifest) checked, split and streamed to the model's input.
 */
final class ImageData {
  private ImageData() {}

  /** Training and evaluation sources, and what is saved next to the checkpoint. */
  record Sources(ImageSource train, ImageSource test, ImageDataInfo info, String description) {}

  /** Whether {@code data} is to be read as images under {@code format}. */
  static boolean isImages(Path data, ImageOptions.Format format) {
    return switch (format) {
      case images -> true;
      case idx, cifar -> false;
      case auto -> isManifest(data) || (Files.isDirectory(data) && ImageFolder.isImageFolder(data));
    };
  }

  private static boolean isManifest(Path data) {
    return Files.isRegularFile(data)
        && data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  /**
   * The training and evaluation lists: {@code train/} and {@code test/} folders when present,
   * else a seeded stratified split of the folder (or manifest) with {@code validation} held out.
   */
  static ImageList.Split lists(Path data, double validation, long seed, BadInputPolicy policy,
      Consumer<String> warnings) {
    if (!Files.exists(data)) {
      throw new CliException("cannot read image data " + data + ": no such file or directory");
    }
    ImageList all;
    if (isManifest(data)) {
      all = ImageFolder.manifest(data);
    } else if (Files.isDirectory(data.resolve("train"))) {
      ImageList train = ImageFolder.scan(data.resolve("train"), null, policy, warnings);
      if (Files.isDirectory(data.resolve("test"))) {
        return new ImageList.Split(train, ImageFolder.scan(data.resolve("test"),
            train.classNames(), policy, warnings));
      }
      all = train;
    } else {
      all = ImageFolder.scan(data, null, policy, warnings);
    }
    if (validation == 0) {
      throw new CliException(data + " has no test/ folder, and --val is 0: give --val FRACTION"
          + " (e.g. 0.1) to hold out images for evaluation, or add a test/ folder");
    }
    return all.split(validation, seed);
  }

  /**
   * Checks and streams the images of {@code data} for {@code architecture}; {@code resumed} (the
   * information saved with the checkpoint being resumed) fixes the normalisation, else it is
   * computed from the training images.
   */
  static Sources forTraining(Path data, Architecture architecture, ImageOptions options,
      long seed, int limit, ImageDataInfo resumed, Consumer<String> warnings) {
    double validation = resumed != null ? resumed.validation() : options.validation;
    long splitSeed = resumed != null ? resumed.splitSeed() : seed;
    ImageList.Split split = lists(data, validation, splitSeed, options.policy(), warnings);
    requireClasses(data, architecture, split.train());
    if (resumed != null && !resumed.classNames().equals(split.train().classNames())) {
      throw new CliException("the checkpoint was trained on classes " + resumed.classNames()
          + " but " + data + " has " + split.train().classNames());
    }
    int[] shape = architecture.inputShape();
    ImageCheck.Result train = check(limited(split.train(), limit), shape, options, warnings);
    ImageCheck.Result test = check(limited(split.validation(), limit), shape, options, warnings);
    if (train.images().size() == 0) {
      throw new CliException("no usable training image in " + data);
    }
    Normalization normalization = resumed != null ? resumed.normalization() : train.statistics();
    ImageSource trainSource = ImageSource.builder(train.images(), architecture)
        .resize(options.resizePolicy()).normalization(normalization)
        .augmentation(options.augmentation(shape[1], shape[2]), seed)
        .threads(options.decodeThreads).build();
    ImageSource testSource = ImageSource.builder(test.images(), architecture)
        .resize(options.resizePolicy()).normalization(normalization)
        .threads(options.decodeThreads).build();
    ImageDataInfo info = new ImageDataInfo(train.images().classNames(), shape,
        options.resizePolicy(), normalization, validation, splitSeed);
    return new Sources(trainSource, testSource, info, describe(data, info));
  }

  /** The evaluation images of {@code data} as the checkpoint's {@code info} says to read them. */
  static ImageSource forEvaluation(Path data, Architecture architecture, ImageDataInfo info,
      ImageOptions options, int limit, Consumer<String> warnings) {
    ImageList.Split split = lists(data, info.validation(), info.splitSeed(), options.policy(),
        warnings);
    if (!info.classNames().equals(split.train().classNames())) {
      throw new CliException("the checkpoint was trained on classes " + info.classNames()
          + " but " + data + " has " + split.train().classNames());
    }
    ImageCheck.Result test = check(limited(split.validation(), limit), info.shape(), options,
        warnings);
    return ImageSource.builder(test.images(), architecture).resize(info.resize())
        .normalization(info.normalization()).threads(options.decodeThreads).build();
  }

  /**
   * {@code limit} images drawn at random (seeded) from the list, in its order, so that a limit
   * keeps every class instead of the first folders; all of them when {@code limit} is 0.
   */
  private static ImageList limited(ImageList list, int limit) {
    if (limit <= 0 || limit >= list.size()) {
      return list;
    }
    int[] order = new int[list.size()];
    java.util.Arrays.setAll(order, i -> i);
    java.util.SplittableRandom random = new java.util.SplittableRandom(limit);
    for (int i = 0; i < limit; i++) {
      int j = i + random.nextInt(order.length - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] kept = java.util.Arrays.copyOf(order, limit);
    java.util.Arrays.sort(kept);
    return list.subset(kept);
  }

  private static ImageCheck.Result check(ImageList list, int[] shape, ImageOptions options,
      Consumer<String> warnings) {
    ImageCheck.Result result = ImageCheck.run(list, shape, options.resizePolicy(),
        options.policy(), options.decodeThreads, warnings);
    if (result.converted() > 0) {
      warnings.accept(result.converted() + " picture(s) converted to "
          + (shape[0] == 1 ? "grayscale" : "RGB") + " for the model's " + shape[0]
          + "-channel input");
    }
    return result;
  }

  private static void requireClasses(Path data, Architecture architecture, ImageList train) {
    if (train.numClasses() != architecture.classes()) {
      throw new CliException(architecture.modelName() + " has " + architecture.classes()
          + " classes but " + data + " has " + train.numClasses() + ": " + train.classNames()
          + " (one sub-folder per class)");
    }
  }

  private static String describe(Path data, ImageDataInfo info) {
    java.util.List<String> names = info.classNames();
    String classes = names.size() <= 12 ? names.toString()
        : names.subList(0, 12).toString().replace("]", ", ...]");
    Normalization n = info.normalization();
    return data + ": " + names.size() + " classes " + classes + ", "
        + info.resize().name().toLowerCase(Locale.ROOT).replace('_', '-') + " to "
        + Arrays.toString(info.shape()) + ", normalised by mean " + fmt(n.mean()) + ", std "
        + fmt(n.std());
  }

  private static String fmt(double[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).toList()
        .toString();
  }
}
