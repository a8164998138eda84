package io.annet.examples.cli;

import io.annet.runtime.Network;
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

  @Override
  public Integer call() throws IOException {
    if (batch < 1 || limit < 0) {
      throw new CliException(
          "--batch must be >= 1 and --limit >= 0, found --batch " + batch + ", --limit " + limit);
    }
    Network network = model.load();
    Path directory = data != null ? data : TrainingOptions.defaultData();
    DataLoader.Split split =
        DataLoader.load(
            directory, model.entry().name(), network.architecture().inputShape(), limit);
    Evaluation evaluation = Evaluator.evaluate(network, split.test(), batch);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "%s on %d test examples from %s: %s%n",
        model.entry().name(), split.test().size(), directory, evaluation);
    w.println(evaluation.confusion());
    w.flush();
    return 0;
  }
}
