package io.annet.examples.cli;

import io.annet.runtime.Network;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code annet predict MODEL --checkpoint FILE IMAGE...}: the top-3 classes of each picture. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = {
      "Classify PNG images with a trained model and print the top-3 classes with probabilities.",
      "Each image is converted to the model's input: resized, grayscale for one-channel models,"
          + " inverted when it shows dark strokes on a light background. For a model of 1x28x28"
          + " inputs (MNIST-like), the digit is prepared as MNIST's were: its ink cropped, scaled"
          + " to fit 20x20 and centred by mass in 28x28 (--no-centre turns that off)."
    })
final class PredictCommand implements Callable<Integer> {
  private static final int TOP = 3;

  @Spec private CommandSpec spec;
  @Mixin private ModelOptions model;

  @Option(
      names = "--no-centre",
      description =
          "Only resize (and invert) the images; do not crop, scale and centre the digit as MNIST's"
              + " were.")
  private boolean noCentre;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG files.")
  private List<Path> images = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Network network = model.load();
    int[] shape = network.architecture().inputShape();
    PrintWriter w = spec.commandLine().getOut();
    boolean centre = !noCentre && ImageInput.mnistLike(shape[0], shape[1], shape[2]);
    w.println(
        centre
            ? "Preprocessing as for MNIST's digits: ink cropped, scaled to fit 20x20 and centred by"
                + " mass in 28x28; dark-on-light pictures inverted (--no-centre: resize only)"
            : "Preprocessing: resized to "
                + shape[1]
                + "x"
                + shape[2]
                + (shape[0] == 1 ? ", grayscale; dark-on-light pictures inverted" : ", RGB"));
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    for (Path file : images) {
      ImageInput.Converted converted;
      try {
        converted = ImageInput.read(file, shape[0], shape[1], shape[2], centre);
      } catch (IOException e) {
        // one bad picture does not stop the others; the exit code tells that one failed
        w.flush();
        err.println("annet: " + e.getMessage());
        err.flush();
        failed++;
        continue;
      }
      INDArray x = Nd4j.create(network.dataType(), 1, shape[0], shape[1], shape[2]);
      float[][][] pixels = converted.pixels();
      for (int c = 0; c < shape[0]; c++) {
        for (int y = 0; y < shape[1]; y++) {
          for (int col = 0; col < shape[2]; col++) {
            x.putScalar(new long[] {0, c, y, col}, pixels[c][y][col]);
          }
        }
      }
      double[] p = network.predict(x).toDoubleVector();
      String applied = converted.applied();
      w.println(file + (applied.isEmpty() ? "" : " (" + applied + ")") + ": " + top(p));
    }
    w.flush();
    if (failed > 0) {
      err.println("annet: " + failed + " of " + images.size() + " images could not be read");
      err.flush();
      return AnnetCli.EXIT_FAILURE;
    }
    return 0;
  }

  /** The most probable classes, best first: {@code "7 98.12 %, 1 1.02 %, 9 0.40 %"}. */
  static String top(double[] probabilities) {
    List<String> parts = new ArrayList<>();
    IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparing(c -> c))
        .limit(TOP)
        .forEach(
            c -> parts.add(String.format(Locale.ROOT, "%d %.2f %%", c, 100 * probabilities[c])));
    return String.join(", ", parts);
  }
}
