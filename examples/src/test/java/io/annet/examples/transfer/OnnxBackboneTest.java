package io.annet.examples.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.BlockWeights;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.WeightSource;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxException;
import io.annet.runtime.onnx.OnnxImportOptions;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A backbone loaded from an ONNX file ({@link Onnx#weightSource}) as from a checkpoint. */
class OnnxBackboneTest {
  @TempDir Path dir;

  private static INDArray images(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
  }

  private static Map<String, byte[]> bytes(Map<String, INDArray> tensors) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, v.dup().data().asBytes()));
    return out;
  }

  private static void assertUnchanged(Map<String, byte[]> before, Map<String, INDArray> now) {
    Map<String, byte[]> after = bytes(now);
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " is unchanged"));
  }

  /** A briefly trained DigitsSource (weights away from their initialisation). */
  private static DigitsSourceNetwork trainedSource() {
    DigitsSourceNetwork source = DigitsSourceNetwork.create(5);
    int[] labels = new int[32];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 5;
    }
    Trainer.builder().optimizer(new Adam(0.01)).batchSize(16).epochs(1).seed(1)
        .consoleProgress(false).build().fit(source, new Dataset(images(32, 3), labels, 5));
    return source;
  }

  @Test
  void aBackboneFromAnOnnxExportGivesTheSameFeaturesAsFromTheCheckpoint() throws Exception {
    DigitsSourceNetwork source = trainedSource();
    Path ckpt = dir.resolve("source.ckpt");
    Path onnx = dir.resolve("source.onnx");
    source.save(ckpt);
    Onnx.export(source, onnx);
    DigitsTargetNetwork fromCheckpoint = DigitsTargetNetwork.create(9);
    BlockWeights.load(fromCheckpoint, "backbone", ckpt);

    // Matched to a fresh network of the exported model, which stays as it was.
    DigitsSourceNetwork like = DigitsSourceNetwork.create(0);
    Map<String, byte[]> likeBefore = bytes(like.parameters());
    WeightSource source1 = Onnx.weightSource(onnx, like);
    assertUnchanged(likeBefore, like.parameters());
    assertTrue(source1.spec().isPresent(), "an Annet export carries its spec");
    assertTrue(source1.description().contains("source.onnx"), source1.description());
    DigitsTargetNetwork fromOnnx = DigitsTargetNetwork.create(9);
    Map<String, byte[]> head = bytes(fromOnnx.parameters());
    assertEquals(4, BlockWeights.load(fromOnnx, "backbone", source1, "backbone").size());

    // Matched to the target itself, up to its backbone (the file's head is left out).
    DigitsTargetNetwork upTo = DigitsTargetNetwork.create(9);
    WeightSource source2 =
        Onnx.weightSource(onnx, upTo, OnnxImportOptions.defaults().upTo("backbone"));
    assertEquals(4, source2.tensors().size(), source2.tensors().keySet().toString());
    BlockWeights.load(upTo, "backbone", source2, "backbone");

    INDArray x = images(6, 4);
    INDArray expected = fromCheckpoint.features(x);
    assertArrayEquals(expected.data().asFloat(), fromOnnx.features(x).data().asFloat());
    assertArrayEquals(expected.data().asFloat(), upTo.features(x).data().asFloat());
    assertArrayEquals(source.features(x).data().asFloat(), expected.data().asFloat());
    Map<String, byte[]> headAfter = bytes(fromOnnx.parameters());
    head.forEach((k, v) -> {
      if (k.startsWith("head.")) {
        assertArrayEquals(v, headAfter.get(k), k + " keeps its initialisation");
      }
    });
  }

  @Test
  void aDifferentOnnxBackboneNamesTheFirstDifferingLayerAndLoadsNothing() throws Exception {
    Path onnx = dir.resolve("narrow.onnx");
    Onnx.export(NarrowDigitsNetwork.create(1), onnx);
    DigitsTargetNetwork target = DigitsTargetNetwork.create(9);
    Map<String, byte[]> before = bytes(target.parameters());

    // The file's spec is known: the same check and message as from a checkpoint.
    WeightSource narrow = Onnx.weightSource(onnx, NarrowDigitsNetwork.create(2));
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> BlockWeights.load(target, "backbone", narrow, "backbone"));
    String m = e.getMessage();
    assertTrue(m.contains("from ONNX file " + onnx), m);
    assertTrue(m.contains("spec hash") && m.contains("first at layer backbone.conv2"), m);
    assertTrue(m.contains("weight [48, 32, 3, 3] there, [64, 32, 3, 3] here"), m);
    assertUnchanged(before, target.parameters());

    // Matched to the target's own backbone: the structural match names the layer and shapes.
    OnnxException o = assertThrows(OnnxException.class, () -> Onnx.weightSource(onnx, target,
        OnnxImportOptions.defaults().upTo("backbone")));
    assertTrue(o.getMessage().contains("backbone.conv2"), o.getMessage());
    assertTrue(o.getMessage().contains("[64, 32, 3, 3]")
        && o.getMessage().contains("[48, 32, 3, 3]"), o.getMessage());
    assertUnchanged(before, target.parameters());
  }
}
