package io.annet.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code annet summary MODEL}: prints the layer table the processor computed at compile time. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description =
        "Print a model's compile-time table: layers, their settings (kernel, activation), output"
            + " shapes, parameters, MACs.")
final class SummaryCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "MODEL",
      description =
          "One of: ${COMPLETION-CANDIDATES}; or, with --classpath, your own @Model interface or"
              + " its generated <Interface>Network class, by simple or fully qualified name.",
      completionCandidates = ModelNames.class)
  private String model;

  @Option(
      names = {"--classpath", "-cp"},
      paramLabel = "PATH",
      description = "Where your own models are, as for train.")
  private String classpath;

  @Override
  public Integer call() {
    ModelRegistry.Entry entry = ModelRegistry.get(model, classpath);
    PrintWriter out = spec.commandLine().getOut();
    out.println(SummaryTable.format(entry));
    out.flush();
    return 0;
  }
}
