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
      description = "One of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ModelNames.class)
  String model;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      required = true,
      description =
          "Checkpoint file: written after every epoch by train, read by evaluate and predict.")
  Path checkpoint;

  /** The registry entry of the model argument. */
  ModelRegistry.Entry entry() {
    return ModelRegistry.get(model);
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
              + entry.name()
              + " --checkpoint "
              + checkpoint
              + ")");
    }
    return entry.loader().load(checkpoint);
  }
}
