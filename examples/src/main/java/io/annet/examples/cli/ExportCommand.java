package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.data.ImageDataInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annet export MODEL --checkpoint FILE --onnx OUT.onnx}: a trained model as ONNX. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = {
      "Write a trained model's inference graph as an ONNX file (opset 13, float32, any batch"
          + " size), for ONNX Runtime, TensorRT, OpenVINO or a browser.",
      "Input: named after the model, [N, C, H, W]; output 'probabilities', [N, classes], as"
          + " predict gives them. The spec hash, model name and class names are in its metadata."
    })
final class ExportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions model;

  @Option(names = "--onnx", paramLabel = "OUT.onnx", required = true,
      description = "The ONNX file to write (replaced if it exists).")
  private Path onnx;

  @Option(names = "--class-names", paramLabel = "NAMES", split = ",",
      description = "The class names in index order, comma-separated, for the metadata."
          + " Default: those of a checkpoint trained on images (its FILE.images), else none.")
  private List<String> classNames = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Network network = model.load();
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = classNames;
    if (names.isEmpty()) {
      names = savedClassNames(network.architecture().classes());
      if (!names.isEmpty()) {
        out.printf("Class names from %s: %s%n", ImageDataInfo.fileFor(model.checkpoint),
            String.join(", ", names));
      }
    }
    network.exportOnnx(onnx, names);
    out.printf("Wrote %s: %s, %,d bytes, input %s [N, %s], output probabilities [N, %d]%n", onnx,
        network.architecture().modelName(), Files.size(onnx),
        network.architecture().modelName(),
        String.join(", ", java.util.Arrays.stream(network.architecture().inputShape())
            .mapToObj(Integer::toString).toList()), network.architecture().classes());
    out.flush();
    return 0;
  }

  /**
   * The class names saved next to a checkpoint trained on an image folder, or none; a count that
   * is not the model's is an error (the file belongs to another model).
   */
  private List<String> savedClassNames(int classes) {
    List<String> saved = ImageDataInfo.load(model.checkpoint).map(ImageDataInfo::classNames)
        .orElse(List.of());
    if (!saved.isEmpty() && saved.size() != classes) {
      throw new CliException(ImageDataInfo.fileFor(model.checkpoint) + " names " + saved.size()
          + " classes but " + model.model + " has " + classes + " outputs: pass --class-names,"
          + " or delete that file if it belongs to another checkpoint");
    }
    return saved;
  }
}
