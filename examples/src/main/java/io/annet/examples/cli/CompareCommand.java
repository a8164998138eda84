package io.annet.examples.cli;

import io.annet.dsl.Layer;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.train.EpochResult;
import io.annet.runtime.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annet compare}: trains the fully connected head and the global-average-pooling head on the
 * same data, prints their table and draws the training curves and the class activation maps.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = {
      "Train MnistFcHead and MnistGapHead on the same digits and compare them: parameters,"
          + " MACs, time, accuracy, loss.",
      "Writes OUT/curves.png (loss and accuracy per epoch) and OUT/cam.png (class activation"
          + " maps of the GAP model)."
    })
final class CompareCommand implements Callable<Integer> {
  private static final List<String> MODELS = List.of("MnistFcHead", "MnistGapHead");
  private static final int CAM_COLUMNS = 8;
  private static final int CAM_ROWS = 3;

  @Spec private CommandSpec spec;
  @Mixin private TrainingOptions options;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Directory for curves.png and cam.png (default: ${DEFAULT-VALUE}).",
      defaultValue = "out")
  private Path out;

  @Override
  public Integer call() throws IOException {
    options.validate();
    PrintWriter w = spec.commandLine().getOut();
    DataLoader.Split data =
        DataLoader.load(
            options.dataDirectory(), "MnistGapHead", new int[] {1, 28, 28}, options.limit);
    w.printf(
        "Data: %s, %d training and %d test examples%n",
        options.dataDirectory(), data.train().size(), data.test().size());
    w.flush();
    Files.createDirectories(out); // fail before training, not after

    List<Network> networks = new ArrayList<>();
    List<TrainingHistory> histories = new ArrayList<>();
    for (String name : MODELS) {
      Network network = ModelRegistry.get(name).create().apply(options.seed);
      networks.add(network);
      histories.add(
          Training.fit(network, data, options, Training.progress(name, w), null, false));
    }

    int bodyLayers = commonPrefix(networks.get(0).layers(), networks.get(1).layers());
    List<RunResult> results = new ArrayList<>();
    List<Curve> curves = new ArrayList<>();
    for (int i = 0; i < MODELS.size(); i++) {
      Network network = networks.get(i);
      TrainingHistory history = histories.get(i);
      results.add(result(MODELS.get(i), network, history, bodyLayers, data.train().size()));
      Curve curve = new Curve(MODELS.get(i));
      for (EpochResult e : history.epochs()) {
        curve.add(e.trainLoss(), e.testLoss(), e.testAccuracy());
      }
      curves.add(curve);
    }
    w.println();
    w.print(RunResult.table(results));
    w.printf(
        "(shared body: %s; head params: the layers after it)%n",
        bodyNames(networks.get(0), bodyLayers));

    Path curvesFile = out.resolve("curves.png");
    CurvesChart.write(curves, curvesFile);
    Path camFile = out.resolve("cam.png");
    writeCam((MnistGapHeadNetwork) networks.get(1), data.test(), camFile);
    w.printf("Wrote %s and %s%n", curvesFile, camFile);
    w.flush();
    return 0;
  }

  private static RunResult result(
      String name, Network network, TrainingHistory history, int bodyLayers, int trainSize) {
    List<Layer> layers = network.layers();
    long head = 0;
    for (int i = bodyLayers; i < layers.size(); i++) {
      head += layers.get(i).parameterCount();
    }
    double seconds = Arrays.stream(history.seconds()).sum();
    EpochResult last = history.last();
    return new RunResult(
        name,
        network.architecture().parameters(),
        head,
        network.architecture().macs(),
        seconds,
        (double) trainSize * history.epochs().size() / Math.max(1e-9, seconds),
        last.testAccuracy(),
        last.testLoss());
  }

  /** Number of leading layers two networks share: same name, kind and output shape. */
  static int commonPrefix(List<Layer> a, List<Layer> b) {
    int n = 0;
    while (n < a.size()
        && n < b.size()
        && a.get(n).name().equals(b.get(n).name())
        && a.get(n).kind().equals(b.get(n).kind())
        && Arrays.equals(a.get(n).outputShape(), b.get(n).outputShape())) {
      n++;
    }
    return n;
  }

  private static String bodyNames(Network network, int bodyLayers) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < bodyLayers; i++) {
      names.add(network.layers().get(i).name());
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** Draws the maps of the predicted classes over the first test digits. */
  static void writeCam(MnistGapHeadNetwork network, Dataset test, Path file) throws IOException {
    int n = Math.min(CAM_COLUMNS * CAM_ROWS, test.size());
    INDArray x = test.features().get(NDArrayIndex.interval(0, n)).dup('c');
    INDArray probabilities = network.predict(x);
    float[][][] images = new float[n][][];
    float[][][] maps = new float[n][][];
    int[] predicted = new int[n];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      INDArray one = x.get(NDArrayIndex.interval(i, i + 1)).dup('c');
      predicted[i] = probabilities.getRow(i).argMax().getInt(0);
      truth[i] = test.label(i);
      images[i] = one.reshape(one.size(2), one.size(3)).toFloatMatrix();
      INDArray map = network.classActivationMap(one, predicted[i]);
      maps[i] = map.reshape(map.size(1), map.size(2)).toFloatMatrix();
    }
    CamPicture.write(images, maps, predicted, truth, CAM_COLUMNS, file);
  }
}
