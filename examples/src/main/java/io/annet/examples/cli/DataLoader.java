package io.annet.examples.cli;

import io.annet.runtime.data.Cifar10Reader;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the training and test sets a model needs from a directory, optionally cut to a subset. */
final class DataLoader {
  /** A training set and its test set. */
  record Split(Dataset train, Dataset test) {}

  private DataLoader() {}

  /**
   * Reads MNIST-style IDX files for one-channel 28x28 models and CIFAR-10 batches for three-channel
   * 32x32 ones; {@code limit > 0} keeps only the first {@code limit} examples of each set.
   */
  static Split load(Path directory, String model, int[] inputShape, int limit) {
    if (!Files.isDirectory(directory)) {
      throw new CliException(
          "cannot read data directory "
              + directory
              + ": "
              + (Files.exists(directory) ? "not a directory" : "no such directory"));
    }
    if (!Files.isReadable(directory)) {
      throw new CliException("cannot read data directory " + directory + ": permission denied");
    }
    requireKind(directory, model, inputShape);
    Dataset train;
    Dataset test;
    if (inputShape[0] == 1) {
      train = IdxReader.readMnist(directory, true);
      test = IdxReader.readMnist(directory, false);
    } else if (inputShape[0] == 3 && inputShape[1] == 32 && inputShape[2] == 32) {
      train = Cifar10Reader.readTrain(directory);
      test = Cifar10Reader.readTest(directory);
    } else {
      throw new CliException(
          model
              + " takes examples of shape "
              + Arrays.toString(inputShape)
              + "; there is no reader for such data (expected a [1, H, W] IDX or a [3, 32, 32]"
              + " CIFAR-10 model)");
    }
    if (!Arrays.equals(train.exampleShape(), inputShape)) {
      throw new CliException(
          model
              + " takes examples of shape "
              + Arrays.toString(inputShape)
              + " but "
              + directory
              + " holds "
              + Arrays.toString(train.exampleShape()));
    }
    if (limit > 0) {
      train = train.first(Math.min(limit, train.size()));
      test = test.first(Math.min(limit, test.size()));
    }
    return new Split(train, test);
  }

  /**
   * Fails, naming the model, the directory and the option to give, when the directory holds the
   * other kind of data set (e.g. the default MNIST copy for the CIFAR-10 model), instead of letting
   * the reader report a missing file of its own kind.
   */
  private static void requireKind(Path directory, String model, int[] inputShape) {
    boolean wantsCifar = inputShape[0] == 3;
    boolean hasMnist = hasAny(directory, "train-images-idx3-ubyte", "train-images-idx3-ubyte.gz",
        "train-images.idx3-ubyte");
    boolean hasCifar = hasAny(directory, "data_batch_1.bin", "cifar-10-batches-bin");
    String found = wantsCifar && hasMnist && !hasCifar ? "MNIST-style IDX files"
        : !wantsCifar && hasCifar && !hasMnist ? "CIFAR-10 batches" : null;
    if (found == null) {
      return;
    }
    boolean byDefault = directory.equals(TrainingOptions.defaultData());
    throw new CliException(
        model + " takes " + (wantsCifar ? "CIFAR-10" : "MNIST-style") + " examples of shape "
            + Arrays.toString(inputShape) + " but " + directory + " holds " + found
            + (byDefault ? " (the default data directory, as --data was not given)" : "")
            + "; give --data DIR with "
            + (wantsCifar ? "the CIFAR-10 binary batches (data_batch_1.bin ... test_batch.bin)"
                : "MNIST-style IDX files (train-images-idx3-ubyte.gz ...)"));
  }

  private static boolean hasAny(Path directory, String... names) {
    for (String name : names) {
      if (Files.exists(directory.resolve(name))) {
        return true;
      }
    }
    return false;
  }
}
