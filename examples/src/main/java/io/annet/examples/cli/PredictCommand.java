package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.Predictor;
import io.annet.runtime.data.BadInputPolicy;
import io.annet.runtime.data.ImageCheck;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.data.ImageFolder;
import io.annet.runtime.data.ImageList;
import io.annet.runtime.data.ImageSource;
import java.nio.file.Files;
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
      "Classify images (PNG, JPEG, BMP, GIF; files or folders of them) with a trained model and"
          + " print the top-3 classes with probabilities.",
      "A model trained on an image folder converts them as in training (resize policy,"
          + " normalisation) and prints its class names, saved next to its checkpoint.",
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

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "IMAGE",
      description = "Image files (PNG, JPEG, BMP, GIF), or folders of them (searched recursively).")
  private List<Path> images = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Network network = model.load();
    int[] shape = network.architecture().inputShape();
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = expand(err);
    ImageDataInfo info = ImageDataInfo.load(model.checkpoint).orElse(null);
    if (info != null) {
      return predictAsTrained(network, info, files, w, err);
    }
    List<Path> images = files;
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
    int failed = 0;
    // the weights reordered once for all images; closing stops its native plans' workers
    try (Predictor predictor = Predictor.of(network)) {
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
        double[] p = predictor.predict(x).toDoubleVector();
        String applied = converted.applied();
        w.println(file + (applied.isEmpty() ? "" : " (" + applied + ")") + ": " + top(p));
      }
    }
    w.flush();
    if (failed > 0) {
      err.println("annet: " + failed + " of " + images.size() + " images could not be read");
      err.flush();
      return AnnetCli.EXIT_FAILURE;
    }
    return 0;
  }

  /** The files given, with each folder that holds images replaced by them, sorted. */
  private List<Path> expand(PrintWriter err) {
    List<Path> files = new ArrayList<>();
    for (Path p : images) {
      if (Files.isDirectory(p)) {
        List<Path> found = ImageFolder.imagesUnder(p, BadInputPolicy.SKIP,
            warning -> TrainCommand.warn(err, warning));
        // a folder without images stays in the list, to be reported as the one unreadable input
        files.addAll(found.isEmpty() ? List.of(p) : found);
      } else {
        files.add(p);
      }
    }
    return files;
  }

  /** Converts {@code files} as the model's training images were and prints class names. */
  private int predictAsTrained(Network network, ImageDataInfo info, List<Path> files,
      PrintWriter w, PrintWriter err) {
    int[] shape = network.architecture().inputShape();
    w.println("Preprocessing as in training: "
        + info.resize().name().toLowerCase(Locale.ROOT).replace('_', '-') + " to "
        + java.util.Arrays.toString(shape) + ", normalised; classes "
        + classList(info.classNames()));
    w.flush();
    ImageList list = new ImageList(files, new int[files.size()], info.classNames());
    ImageCheck.Result usable = ImageCheck.run(list, shape, info.resize(), BadInputPolicy.SKIP, 2,
        warning -> TrainCommand.warn(err, warning));
    if (usable.images().size() > 0) {
      INDArray x = ImageSource.builder(usable.images(), shape).resize(info.resize())
          .normalization(info.normalization()).build().toDataset(network.dataType()).features();
      double[][] p = network.predict(x).toDoubleMatrix();
      for (int i = 0; i < p.length; i++) {
        w.println(usable.images().files().get(i) + ": " + top(p[i], info.classNames()));
      }
    }
    w.flush();
    if (usable.skipped() > 0) {
      err.println("annet: " + usable.skipped() + " of " + files.size()
          + " images could not be read");
      err.flush();
      return AnnetCli.EXIT_FAILURE;
    }
    return 0;
  }

  /** The classes with their indices: {@code "0 cats, 1 dogs"}. */
  static String classList(List<String> names) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      parts.add(i + " " + names.get(i));
    }
    return String.join(", ", parts);
  }

  /** The most probable classes by name, best first: {@code "cats 98.12 %, dogs 1.88 %"}. */
  static String top(double[] probabilities, List<String> names) {
    List<String> parts = new ArrayList<>();
    IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparing(c -> c))
        .limit(TOP)
        .forEach(c -> parts.add(
            String.format(Locale.ROOT, "%s %.2f %%", names.get(c), 100 * probabilities[c])));
    return String.join(", ", parts);
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
