package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.train.TrainingHistory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code annet train MODEL --checkpoint FILE}: trains one example model and saves it after every
 * epoch.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description =
        "Train one example model from fresh weights, saving a checkpoint after every epoch.")
final class TrainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions model;
  @Mixin private TrainingOptions options;

  @Override
  public Integer call() {
    options.validate();
    ModelRegistry.Entry entry = model.entry();
    PrintWriter w = spec.commandLine().getOut();
    Network network = entry.create().apply(options.seed);
    DataLoader.Split data =
        DataLoader.load(
            options.dataDirectory(),
            entry.name(),
            network.architecture().inputShape(),
            options.limit);
    w.printf(
        "%s: %,d parameters; %d training and %d test examples from %s%n",
        entry.name(),
        entry.parameters(),
        data.train().size(),
        data.test().size(),
        options.dataDirectory());
    w.flush();
    TrainingHistory history =
        Training.fit(
            network, data, options, ProgressListener.forConsole(entry.name(), w), model.checkpoint);
    w.printf(
        "Saved %s (test accuracy %.2f %%, test loss %.4f)%n",
        model.checkpoint, 100 * history.last().testAccuracy(), history.last().testLoss());
    w.flush();
    return 0;
  }
}
