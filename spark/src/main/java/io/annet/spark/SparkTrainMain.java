package io.annet.spark;

import io.annet.examples.cli.ModelRegistry;
import io.annet.runtime.AnnetException;
import io.annet.runtime.Network;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.CosineSchedule;
import io.annet.runtime.optim.Optimizer;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.EpochResult;
import io.annet.runtime.train.TrainingHistory;
import io.annet.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code annet spark-train}: trains a model on the Spark cluster it is submitted to (the
 * application's main class for {@code spark-submit}), with the single-machine {@code annet train}
 * recipe: Adam (or SGD) with warm-up and cosine annealing, per-epoch checkpoints, {@code
 * --resume}.
 */
@Command(
    name = "spark-train",
    mixinStandardHelpOptions = true,
    description = "Train a model with synchronous data-parallel SGD/Adam on a Spark cluster.")
public final class SparkTrainMain implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "NAME",
      description = "An example model (e.g. MnistGapHead) or a generated class's full name.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "URI",
      description = "Directory every executor can read (a local path, hdfs://..., s3a://...) of"
          + " MNIST-style IDX files for 1-channel models, or of the CIFAR-10 binary batches"
          + " (data_batch_1.bin ... test_batch.bin) for NinCifar10, or an image folder (one"
          + " sub-folder per class, or train/ and test/ folders of them) or a CSV manifest of"
          + " path,label lines for any model.")
  String data;

  @Option(names = "--strict",
      description = "Images: stop at the first file that cannot be used (default: skip it with"
          + " one warning line naming it, and a count).")
  boolean strict;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
      description = "Use only the first N training and N test examples (default: all).")
  int limit;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
      description = "Global batch: examples per step over all partitions (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--partitions", defaultValue = "2", paramLabel = "K",
      description = "Shards of every global batch, one task each (default: ${DEFAULT-VALUE});"
          + " use the cluster's task slots.")
  int partitions;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seed of the weights and of the shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--lr", defaultValue = "0.01", paramLabel = "RATE",
      description = "Peak learning rate, annealed by a cosine schedule (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd",
      description = "adam, or sgd with momentum 0.9 (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Checkpoint written by the driver after every epoch (weights and optimizer"
          + " state, the format of annet train).")
  Path checkpoint;

  @Option(names = "--resume",
      description = "Continue the run saved in --checkpoint (weights, optimizer state, steps).")
  boolean resume;

  @Option(names = "--progress-every", defaultValue = "0", paramLabel = "N",
      description = "Print a line every N steps (default: epoch lines only).")
  int progressEvery;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the final accuracy and the measured step times as key=value lines.")
  Path report;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master when not set by spark-submit (e.g. local[2]).")
  String master;

  private final PrintWriter out = new PrintWriter(System.out, true);

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command; returns 0, 1 for a failure (its message on standard error, no stack
   * trace) or 2 for a command line that does not parse.
   */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new SparkTrainMain());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("annet spark-train: " + (e instanceof AnnetException
          || e instanceof io.annet.examples.cli.CliException
          || e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    if (resume && checkpoint == null) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--resume needs --checkpoint FILE");
    }
    ModelRegistry.Entry entry = ModelRegistry.get(model); // before Spark starts: fail fast
    SparkConf conf = new SparkConf().setAppName("annet spark-train " + model);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + partitions + "]");
    }
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      return train(spark, entry);
    }
  }

  int train(JavaSparkContext spark, ModelRegistry.Entry entry) throws IOException {
    Network network = entry.create().apply(seed);
    int[] shape = network.architecture().inputShape();
    JavaRDD<Example> train;
    Dataset test;
    if (data.toLowerCase(Locale.ROOT).endsWith(".csv") || ImageFiles.isImageFolder(data)) {
      SparkTrainImages images = SparkTrainImages.read(spark, data, network.architecture(),
          partitions, limit, seed, strict, checkpoint);
      train = images.train().cache();
      test = images.test() == null ? null
          : collect(images.test(), shape, network.architecture().classes());
    } else {
      train = limited(read(spark, shape, true)).cache();
      test = collect(limited(read(spark, shape, false)), shape, network.architecture().classes());
    }
    long examples = train.count();
    long steps = (long) epochs * ((examples + batch - 1) / batch);
    SparkTrainer trainer = recipe(steps).listener(progress()).build();
    if (resume) {
      if (!Files.exists(checkpoint)) {
        throw new AnnetException("--resume: no checkpoint " + checkpoint + " to resume from");
      }
      long done = trainer.resume(network, checkpoint);
      out.printf(Locale.ROOT, "resumed %s after %d of %d steps%n", checkpoint, done, steps);
    }
    out.printf(Locale.ROOT, "%s on %s: %d training examples, %d test, global batch %d in %d"
        + " shards%n", entry.name(), spark.master(), examples, test == null ? 0 : test.size(),
        batch, partitions);
    TrainingHistory history = trainer.fit(spark, network, train, test);
    EpochResult last = history.epochs().isEmpty() ? null : history.last();
    out.printf(Locale.ROOT, "step times: %s%n", trainer.times());
    if (report != null) {
      Files.writeString(report, String.format(Locale.ROOT,
          "accuracy=%s%nloss=%s%nsteps=%d%nbroadcastMillis=%.3f%njobMillis=%.3f%n"
              + "computeMillis=%.3f%nupdateMillis=%.3f%n",
          last == null ? "NaN" : last.testAccuracy(), last == null ? "NaN" : last.testLoss(),
          trainer.optimizer().iteration(), trainer.times().broadcastMillis(),
          trainer.times().jobMillis(), trainer.times().computeMillis(),
          trainer.times().updateMillis()));
    }
    return 0;
  }

  /** The single-machine {@code annet train} recipe: warm-up, then cosine annealing. */
  SparkTrainer.Builder recipe(long steps) {
    long warmup = Math.min(50, steps / 10);
    Optimizer opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "adam" -> new Adam(learningRate);
      case "sgd" -> new Sgd(learningRate, 0.9);
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--optimizer must be adam or sgd, found " + optimizer);
    };
    SparkTrainer.Builder builder = SparkTrainer.builder().optimizer(opt)
        .schedule(new CosineSchedule(learningRate, learningRate / 20, steps + 1, warmup))
        .batchSize(batch).epochs(epochs).seed(seed).partitions(partitions);
    if (checkpoint != null) {
      builder.checkpoint(checkpoint);
    }
    return builder;
  }

  private TrainingListener progress() {
    return new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int step, int steps, double loss, double perSecond) {
        if (progressEvery > 0 && (step + 1) % progressEvery == 0) {
          out.printf(Locale.ROOT, "epoch %d step %d/%d loss %.4f%n", epoch + 1, step + 1, steps,
              loss);
        }
      }

      @Override
      public void onEpochEnd(EpochResult result) {
        out.println(result);
      }
    };
  }

  /** IDX files for one-channel models, CIFAR-10 batches for [3, 32, 32] ones. */
  private JavaRDD<Example> read(JavaSparkContext spark, int[] shape, boolean train) {
    if (shape[0] == 1) {
      return SparkData.mnist(spark, data, train, partitions);
    }
    if (shape[0] == 3 && shape[1] == 32 && shape[2] == 32) {
      String base = data.endsWith("/") ? data : data + "/";
      String[] files = train
          ? new String[] {base + "data_batch_1.bin", base + "data_batch_2.bin",
              base + "data_batch_3.bin", base + "data_batch_4.bin", base + "data_batch_5.bin"}
          : new String[] {base + "test_batch.bin"};
      return SparkData.cifar(spark, partitions, files);
    }
    throw new AnnetException(model + " takes examples of shape " + java.util.Arrays.toString(
        shape) + "; spark-train reads [1, H, W] IDX or [3, 32, 32] CIFAR-10 data (other data:"
        + " SparkTrainer with an RDD of Examples)");
  }

  private JavaRDD<Example> limited(JavaRDD<Example> examples) {
    long n = limit;
    return n > 0 ? examples.filter(e -> e.index() < n) : examples;
  }

  /** The test set on the driver, for evaluation after every epoch. */
  private static Dataset collect(JavaRDD<Example> examples, int[] shape, int classes) {
    List<Example> all = examples.collect();
    int length = shape[0] * shape[1] * shape[2];
    float[] features = new float[all.size() * length];
    int[] labels = new int[all.size()];
    for (Example e : all) {
      System.arraycopy(e.features(), 0, features, (int) e.index() * length, length);
      labels[(int) e.index()] = e.label();
    }
    return new Dataset(org.nd4j.linalg.factory.Nd4j.create(features,
        new long[] {all.size(), shape[0], shape[1], shape[2]}, 'c'), labels, classes);
  }
}
