package io.annet.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code annet summary MODEL}: prints the layer table the processor computed at compile time. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = "Print a model's compile-time table: layers, output shapes, parameters, MACs.")
final class SummaryCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "MODEL",
      description = "One of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ModelNames.class)
  private String model;

  @Override
  public Integer call() {
    ModelRegistry.Entry entry = ModelRegistry.get(model);
    spec.commandLine().getOut().println(entry.summary().stripTrailing());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
