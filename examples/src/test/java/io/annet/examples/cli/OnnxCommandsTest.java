package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistFcHeadNetwork;
import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.data.ResizePolicy;
import io.annet.runtime.onnx.OnnxMetadata;
import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annet export} and {@code annet import}: checkpoint to ONNX and back, and their errors. */
class OnnxCommandsTest {
  @TempDir Path dir;

  @Test
  void exportThenImportGivesTheSameCheckpoint() throws Exception {
    Path checkpoint = dir.resolve("gap.ckpt");
    MnistGapHeadNetwork trained = MnistGapHeadNetwork.create(5);
    trained.save(checkpoint);
    Path onnx = dir.resolve("gap.onnx");
    CliRun export = CliRun.of("export", "MnistGapHead", "--checkpoint", checkpoint.toString(),
        "--onnx", onnx.toString(), "--class-names", "0,1,2,3,4,5,6,7,8,9");
    assertEquals(0, export.code(), export.toString());
    assertTrue(export.out().contains("output probabilities [N, 10]"), export.toString());
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
    assertTrue(model.getMetadataPropsList().stream().anyMatch(
        e -> e.getKey().equals(OnnxMetadata.CLASS_NAMES) && e.getValue().startsWith("0\n1\n")));

    Path imported = dir.resolve("imported.ckpt");
    CliRun run = CliRun.of("import", "MnistGapHead", "--onnx", onnx.toString(), "--checkpoint",
        imported.toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("maps.0 <- 'maps.0' (Conv"), run.toString());
    assertEquals(trained.parameters(), MnistGapHeadNetwork.load(imported).parameters());
  }

  @Test
  void importOfAnotherArchitectureFailsClearly() throws Exception {
    Path checkpoint = dir.resolve("fc.ckpt");
    MnistFcHeadNetwork.create(1).save(checkpoint);
    Path onnx = dir.resolve("fc.onnx");
    assertEquals(0, CliRun.of("export", "MnistFcHead", "--checkpoint", checkpoint.toString(),
        "--onnx", onnx.toString()).code());
    Path out = dir.resolve("gap.ckpt");
    CliRun run = CliRun.of("import", "MnistGapHead", "--onnx", onnx.toString(), "--checkpoint",
        out.toString());
    assertEquals(AnnetCli.EXIT_FAILURE, run.code(), run.toString());
    assertTrue(run.err().startsWith("annet: ") && run.err().contains("Annet layer"),
        run.toString());
    assertTrue(Files.notExists(out), "no checkpoint written");
  }

  private ModelProto exportWithImageInfo(List<String> saved, String... extra) throws Exception {
    Path checkpoint = dir.resolve("pictures.ckpt");
    MnistGapHeadNetwork.create(3).save(checkpoint);
    new ImageDataInfo(saved, new int[] {1, 28, 28}, ResizePolicy.CENTRE_CROP, null, 0.1, 7)
        .save(checkpoint);
    Path onnx = dir.resolve("pictures.onnx");
    List<String> args = new ArrayList<>(List.of("export", "MnistGapHead", "--checkpoint",
        checkpoint.toString(), "--onnx", onnx.toString()));
    args.addAll(List.of(extra));
    lastRun = CliRun.of(args.toArray(String[]::new));
    return lastRun.code() == 0 ? ModelProto.parseFrom(Files.readAllBytes(onnx)) : null;
  }

  private CliRun lastRun;

  private static String classNamesOf(ModelProto model) {
    return model.getMetadataPropsList().stream()
        .filter(e -> e.getKey().equals(OnnxMetadata.CLASS_NAMES)).findFirst().orElseThrow()
        .getValue();
  }

  @Test
  void exportTakesTheClassNamesSavedWithAnImageCheckpoint() throws Exception {
    List<String> digits = List.of("zéro", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine");
    ModelProto model = exportWithImageInfo(digits);
    assertTrue(model != null, String.valueOf(lastRun));
    assertEquals(String.join("\n", digits), classNamesOf(model));
    assertTrue(lastRun.out().contains("Class names from ") && lastRun.out().contains("zéro, one"),
        lastRun.toString());

    ModelProto given = exportWithImageInfo(digits, "--class-names", "a,b,c,d,e,f,g,h,i,j");
    assertEquals("a\nb\nc\nd\ne\nf\ng\nh\ni\nj", classNamesOf(given), "--class-names wins");
  }

  @Test
  void savedClassNamesOfAnotherCountAreAClearError() throws Exception {
    assertEquals(null, exportWithImageInfo(List.of("cat", "dog")));
    assertEquals(AnnetCli.EXIT_FAILURE, lastRun.code(), lastRun.toString());
    assertTrue(lastRun.err().startsWith("annet: ") && lastRun.err().contains("names 2 classes but"
        + " MnistGapHead has 10 outputs: pass --class-names"), lastRun.toString());
    assertTrue(Files.notExists(dir.resolve("pictures.onnx")), "nothing written");
  }
}
