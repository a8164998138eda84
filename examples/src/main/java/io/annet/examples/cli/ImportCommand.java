package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxImportOptions;
import io.annet.runtime.onnx.OnnxImportReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annet import MODEL --onnx IN.onnx --checkpoint OUT}: weights from an ONNX file (written
 * by Annet, PyTorch or another producer) into a checkpoint of the model.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = {
      "Fill a model from an ONNX file of the same architecture and write a checkpoint that"
          + " evaluate, predict and train --resume read.",
      "Layers are matched by graph structure (convolutions, dense layers and batch norms in"
          + " order), not by names, so torch.onnx.export files load without a map; batch norms"
          + " PyTorch folded into the convolutions are loaded as the identity."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions model;

  @Option(names = "--onnx", paramLabel = "IN.onnx", required = true,
      description = "The ONNX file to read.")
  private Path onnx;

  @Option(names = "--up-to", paramLabel = "LAYER",
      description = "Fill only the layers up to this one (a backbone); the rest keep the"
          + " initial weights drawn from --seed, and the file's other nodes are left out.")
  private String upTo;

  @Option(names = "--partial",
      description = "Allow the file to have more layers than the model (reported, left out).")
  private boolean partial;

  @Option(names = "--map", paramLabel = "ANNET=ONNX",
      description = "An explicit match, Annet parameter = ONNX tensor, e.g."
          + " conv1.weight=features.0.weight; repeatable.")
  private Map<String, String> names = new LinkedHashMap<>();

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the initial weights of layers the import does not fill.")
  private long seed;

  @Override
  public Integer call() throws IOException {
    Network network = model.entry().create().apply(seed);
    OnnxImportOptions options = OnnxImportOptions.defaults().withNames(names);
    if (partial) {
      options = options.partial();
    }
    if (upTo != null) {
      options = options.upTo(upTo);
    }
    OnnxImportReport report = Onnx.loadWeights(network, onnx, options);
    network.save(model.checkpoint);
    PrintWriter out = spec.commandLine().getOut();
    out.print(report);
    out.println("Wrote " + model.checkpoint + " (" + network.architecture().modelName() + ")");
    out.flush();
    return 0;
  }
}
