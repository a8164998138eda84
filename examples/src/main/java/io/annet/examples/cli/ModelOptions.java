package io.annet.examples.cli;

import io.annet.runtime.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The model argument and checkpoint option of {@code train}, {@code evaluate} and {@code predict}.
 */
final class ModelOptions {
  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description =
          "One of: ${COMPLETION-CANDIDATES}; or, with --classpath, your own @Model interface or"
              + " its generated <Interface>Network class, by simple or fully qualified name.",
      completionCandidates = ModelNames.class)
  String model;

  @Option(
      names = {"--classpath", "-cp"},
      paramLabel = "PATH",
      description =
          "Where your own models are: directories of compiled classes and jar files, separated"
              + " by '${sys:path.separator}' (e.g. target/classes).")
  String classpath;

  private ModelRegistry.Entry entry;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      required = true,
      description =
          "Checkpoint file: written after every epoch by train, read by evaluate and predict.")
  Path checkpoint;

  /** The registry entry of the model argument. */
  ModelRegistry.Entry entry() {
    if (entry == null) {
      entry = ModelRegistry.get(model, classpath);
    }
    return entry;
  }

  /** The model as the user named it, with its classpath, to repeat in hints. */
  String commandLine() {
    return classpath == null ? model : model + " --classpath " + classpath;
  }

  /** The network restored from the checkpoint, with a clear error when the file is missing. */
  Network load() throws IOException {
    ModelRegistry.Entry entry = entry();
    if (!Files.isRegularFile(checkpoint) || !Files.isReadable(checkpoint)) {
      throw new CliException(
          "cannot read checkpoint "
              + checkpoint
              + ": "
              + (Files.exists(checkpoint) ? "not a readable file" : "no such file")
              + " (write one with: annet train "
              + commandLine()
              + " --checkpoint "
              + checkpoint
              + ")");
    }
    return entry.loader().load(checkpoint);
  }
}
