package io.annet.examples.cli;

import io.annet.runtime.AnnetException;
import io.annet.runtime.BlockWeights;
import io.annet.runtime.Network;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The transfer-learning options of {@code annet train}: a block's weights, frozen layers. */
final class TransferOptions {
  @Option(
      names = "--backbone-from",
      paramLabel = "CKPT",
      description =
          "Load the block 'backbone' from a checkpoint of any model with the same backbone"
              + " block (another head and class count), before training.")
  Path backboneFrom;

  @Option(
      names = "--freeze",
      paramLabel = "NAMES",
      split = ",",
      description =
          "Layers or blocks not to train in this run, e.g. --freeze backbone or --freeze"
              + " conv1,conv2: no update, no backward below the first layer that trains.")
  List<String> freeze = new ArrayList<>();

  /** Loads the backbone and freezes the named layers of {@code network}; says what it did. */
  void apply(Network network, PrintWriter w) throws IOException {
    try {
      if (backboneFrom != null) {
        int loaded = BlockWeights.load(network, "backbone", backboneFrom).size();
        w.printf("Loaded the backbone (%d tensors) from %s%n", loaded, backboneFrom);
      }
      if (!freeze.isEmpty()) {
        network.freeze(freeze.toArray(String[]::new));
        w.printf("Frozen for this run: %s (%d trainable tensors left)%n",
            String.join(", ", freeze), network.gradients().size());
      }
    } catch (AnnetException e) {
      throw new CliException(e.getMessage());
    }
  }
}
