package io.annet.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command that reads data or trains shares: data, subset, batch, seed, epochs,
 * rate.
 */
final class TrainingOptions {
  /**
   * The MNIST-10k copy shipped with the project, found from the launcher's home or the working
   * directory.
   */
  static Path defaultData() {
    return Path.of(System.getProperty("annet.home", "."), "data", "mnist-10k");
  }

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Directory of MNIST-style IDX files (MNIST, Fashion-MNIST) for 1-channel models, or of"
              + " the CIFAR-10 binary batches for NinCifar10 (default: data/mnist-10k); or a"
              + " folder of images, one sub-folder per class, or a CSV manifest (see --format).")
  Path data;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description =
          "Use only the first N training and N test examples (default: all); of images, N"
              + " drawn at random (seeded).")
  int limit;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Passes over the training set (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int epochs;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Examples per training step (default: ${DEFAULT-VALUE}).",
      defaultValue = "64")
  int batch;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the weights and of the shuffling (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description =
          "Peak Adam learning rate, annealed by a cosine schedule (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.01")
  double learningRate;

  /** The data directory to read. */
  Path dataDirectory() {
    return data != null ? data : defaultData();
  }

  /** Checks the numeric options; a clear message naming the option otherwise. */
  void validate() {
    require(epochs >= 1, "--epochs must be >= 1, found " + epochs);
    require(batch >= 1, "--batch must be >= 1, found " + batch);
    require(limit >= 0, "--limit must be >= 0 (0 means all), found " + limit);
    require(
        learningRate > 0 && Double.isFinite(learningRate),
        "--lr must be a finite number > 0, found " + learningRate);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new CliException(message);
    }
  }
}
