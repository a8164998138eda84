package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.train.Evaluation;
import io.annet.runtime.train.Evaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annet evaluate MODEL --checkpoint FILE}: test loss, accuracy and confusion matrix. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = "Evaluate a trained model on the test set: loss, accuracy, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions model;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory, as for train (default: data/mnist-10k).")
  private Path data;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Use only the first N test examples (default: all).")
  private int limit;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Examples per forward pass (default: ${DEFAULT-VALUE}).",
      defaultValue = "256")
  private int batch;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "What --data holds, as for train: ${COMPLETION-CANDIDATES}"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  private ImageOptions.Format format;

  @Option(
      names = "--strict",
      description = "Stop at the first image that cannot be used (default: skip it, warning).")
  private boolean strict;

  @Option(
      names = "--decode-threads",
      paramLabel = "N",
      description = "Background threads decoding images (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  private int decodeThreads;

  @Override
  public Integer call() throws IOException {
    if (batch < 1 || limit < 0) {
      throw new CliException(
          "--batch must be >= 1 and --limit >= 0, found --batch " + batch + ", --limit " + limit);
    }
    Network network = model.load();
    Path directory = data != null ? data : TrainingOptions.defaultData();
    ImageDataInfo info = ImageDataInfo.load(model.checkpoint).orElse(null);
    BatchSource test;
    if (ImageData.isImages(directory, format)) {
      if (info == null) {
        throw new CliException(directory + " holds images but " + model.checkpoint + " was not"
            + " trained on images (there is no " + ImageDataInfo.fileFor(model.checkpoint)
            + " with its class names and normalisation)");
      }
      ImageOptions options = new ImageOptions();
      options.strict = strict;
      options.decodeThreads = Math.max(1, decodeThreads);
      PrintWriter err = spec.commandLine().getErr();
      test = ImageData.forEvaluation(directory, network.architecture(), info, options, limit,
          warning -> TrainCommand.warn(err, warning));
    } else {
      test = DataLoader.load(
          directory, model.entry().name(), network.architecture().inputShape(), limit).test();
    }
    if (test.size() == 0) {
      throw new CliException("no test examples in " + directory);
    }
    Evaluation evaluation = Evaluator.evaluate(network, test, batch);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "%s on %d test examples from %s: %s%n",
        model.entry().name(), test.size(), directory, evaluation);
    if (info != null) {
      w.println("classes: " + PredictCommand.classList(info.classNames()));
    }
    w.println(evaluation.confusion());
    w.flush();
    return 0;
  }
}
