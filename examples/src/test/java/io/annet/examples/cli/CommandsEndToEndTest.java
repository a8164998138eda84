package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real commands on tiny subsets of the shipped MNIST-10k copy. */
class CommandsEndToEndTest {
  @TempDir Path dir;

  @Test
  void compareTrainsBothModelsAndWritesValidPictures() throws Exception {
    Path out = dir.resolve("out");
    CliRun run =
        CliRun.of(
            "compare",
            "--data",
            CliRun.projectData().toString(),
            "--limit",
            "64",
            "--epochs",
            "1",
            "--batch",
            "32",
            "--out",
            out.toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("64 training and 64 test examples"), run.out());
    for (String header :
        new String[] {
          "parameters", "head params", "MACs", "train time", "images/s", "test acc", "test loss"
        }) {
      assertTrue(run.out().contains(header), header + " missing from\n" + run.out());
    }
    // The shared body (conv1, pool1, conv2, pool2) holds 160 + 4,640 parameters.
    assertRow(
        run.out(),
        "MnistFcHead",
        MnistFcHeadNetwork.PARAMETERS,
        MnistFcHeadNetwork.PARAMETERS - 4_800);
    assertRow(
        run.out(),
        "MnistGapHead",
        MnistGapHeadNetwork.PARAMETERS,
        MnistGapHeadNetwork.PARAMETERS - 4_800);

    BufferedImage curves = ImageIO.read(out.resolve("curves.png").toFile());
    assertNotNull(curves, "curves.png is not a readable image");
    assertEquals(CurvesChart.WIDTH, curves.getWidth());
    assertEquals(CurvesChart.HEIGHT, curves.getHeight());
    BufferedImage cam = ImageIO.read(out.resolve("cam.png").toFile());
    assertNotNull(cam, "cam.png is not a readable image");
    assertEquals(CamPicture.pictureWidth(8, 28), cam.getWidth());
    assertEquals(CamPicture.pictureHeight(3, 28), cam.getHeight());
  }

  private static void assertRow(String out, String model, long parameters, long head) {
    String row = String.format(Locale.ROOT, "\n%s +\\| +%,d \\| +%,d \\|", model, parameters, head);
    assertTrue(Pattern.compile(row).matcher(out).find(), row + " not in\n" + out);
  }

  @Test
  void trainEvaluateAndPredictShareACheckpoint() throws Exception {
    String data = CliRun.projectData().toString();
    Path checkpoint = dir.resolve("gap.ckpt");
    CliRun train =
        CliRun.of(
            "train",
            "MnistGapHead",
            "--checkpoint",
            checkpoint.toString(),
            "--data",
            data,
            "--limit",
            "64",
            "--epochs",
            "1",
            "--batch",
            "32");
    assertEquals(0, train.code(), train.toString());
    assertTrue(Files.size(checkpoint) > 14_378 * 4, "checkpoint too small");

    CliRun evaluate =
        CliRun.of(
            "evaluate",
            "MnistGapHead",
            "--checkpoint",
            checkpoint.toString(),
            "--data",
            data,
            "--limit",
            "50");
    assertEquals(0, evaluate.code(), evaluate.toString());
    assertTrue(evaluate.out().contains("on 50 test examples"), evaluate.out());
    assertTrue(evaluate.out().contains("accuracy"), evaluate.out());

    // A test digit, doubled in size and drawn dark on light as a user's scan would be.
    Dataset test = IdxReader.readMnist(CliRun.projectData(), false);
    float[] pixels = test.features().slice(0).dup('c').data().asFloat();
    BufferedImage png = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        int v = 255 - Math.round(255 * pixels[(y / 2) * 28 + x / 2]);
        png.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    Path image = dir.resolve("digit.png");
    assertTrue(ImageIO.write(png, "png", image.toFile()));

    CliRun predict =
        CliRun.of(
            "predict", "MnistGapHead", "--checkpoint", checkpoint.toString(), image.toString());
    assertEquals(0, predict.code(), predict.toString());
    Matcher m =
        Pattern.compile(
                "digit\\.png \\(inverted, centred as MNIST\\): (\\d) ([\\d.]+) %,"
                    + " (\\d) ([\\d.]+) %, (\\d) ([\\d.]+) %")
            .matcher(predict.out());
    assertTrue(m.find(), predict.out());
    assertTrue(predict.out().startsWith("Preprocessing as for MNIST's digits: ink cropped"),
        predict.out());
    double p1 = Double.parseDouble(m.group(2));
    double p2 = Double.parseDouble(m.group(4));
    double p3 = Double.parseDouble(m.group(6));
    assertTrue(p1 >= p2 && p2 >= p3 && p1 + p2 + p3 <= 100.01, predict.out());

    Path notAnImage = dir.resolve("notes.png");
    Files.writeString(notAnImage, "not a picture");
    CliRun bad =
        CliRun.of(
            "predict",
            "MnistGapHead",
            "--checkpoint",
            checkpoint.toString(),
            notAnImage.toString());
    assertEquals(AnnetCli.EXIT_FAILURE, bad.code(), bad.toString());
    assertTrue(
        bad.err().strip().startsWith("annet: cannot read image " + notAnImage), bad.toString());

    CliRun wrongModel =
        CliRun.of("evaluate", "MnistFcHead", "--checkpoint", checkpoint.toString(), "--data", data);
    assertEquals(AnnetCli.EXIT_FAILURE, wrongModel.code(), wrongModel.toString());
    assertTrue(wrongModel.err().startsWith("annet: "), wrongModel.toString());
    // The error shows the layer-by-layer diff of the two architectures, not just its heading.
    String err = wrongModel.err();
    assertTrue(err.contains("Layer by layer (- expected by this network, + found in the file):\n"),
        wrongModel.toString());
    assertTrue(err.contains("\n- conv1 ") || err.contains("\n  conv1 "), wrongModel.toString());
    assertTrue(err.lines().anyMatch(l -> l.startsWith("- ") && l.contains("@Dense")),
        wrongModel.toString());
    assertTrue(err.lines().anyMatch(l -> l.startsWith("+ ") && l.contains("@MlpConv")),
        wrongModel.toString());
  }
}
