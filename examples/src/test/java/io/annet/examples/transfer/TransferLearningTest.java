package io.annet.examples.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import io.annet.runtime.BlockWeights;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.data.Dataset;
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

/** Freezing, backbone loading and features on the transfer job's models (issue 16). */
class TransferLearningTest {
  @TempDir Path dir;

  private static Dataset data(int n, int classes, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
    }
    return new Dataset(x, labels, classes);
  }

  private static Map<String, byte[]> bytes(Map<String, INDArray> tensors, String prefix) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v.dup().data().asBytes());
      }
    });
    return out;
  }

  private static Trainer trainer(Adam adam, int epochs) {
    return Trainer.builder().optimizer(adam).batchSize(16).epochs(epochs).seed(1)
        .consoleProgress(false).build();
  }

  @Test
  void frozenParametersStayBitIdenticalAndGetNoOptimizerState() {
    DigitsTargetNetwork net = DigitsTargetNetwork.create(3);
    net.freeze("backbone");
    Map<String, byte[]> backbone = bytes(net.parameters(), "backbone.");
    Map<String, byte[]> head = bytes(net.parameters(), "head.");
    Adam adam = new Adam(0.01);
    trainer(adam, 2).fit(net, data(64, 5, 7));
    Map<String, byte[]> after = bytes(net.parameters(), "backbone.");
    assertEquals(backbone.keySet(), after.keySet());
    backbone.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    Map<String, byte[]> headAfter = bytes(net.parameters(), "head.");
    assertFalse(java.util.Arrays.equals(head.get("head.logits.weight"),
        headAfter.get("head.logits.weight")), "the head trains");
    assertTrue(adam.state().keySet().stream().noneMatch(k -> k.contains("backbone.")),
        adam.state().keySet().toString());
    assertTrue(adam.state().containsKey("adam.m.head.conv.weight"));
    assertTrue(net.gradients().keySet().stream().allMatch(k -> k.startsWith("head.")));
  }

  @Test
  void theGeneratedBackwardCallsNoBackwardOfAFrozenLayer() {
    DigitsTargetNetwork net = DigitsTargetNetwork.create(3);
    Dataset d = data(8, 5, 2);
    // A layer's backward SETS its parameter gradients: a NaN left in one counts as no call.
    net.freeze(net.backbone());
    assertEquals(4, net.frozenLayers().size());
    Map<String, INDArray> all = allGradients(net);
    all.values().forEach(g -> g.assign(Double.NaN));
    net.computeGradients(d.features(), d.labels());
    int called = 0;
    for (Map.Entry<String, INDArray> e : all.entrySet()) {
      boolean ran = !e.getValue().isNaN().any();
      assertEquals(!e.getKey().startsWith("backbone."), ran, e.getKey());
      called += ran ? 1 : 0;
    }
    assertEquals(4, called); // head.conv weight and bias, head.logits weight and bias
    // The same count with nothing frozen: every layer's backward runs.
    net.unfreezeAll();
    all.values().forEach(g -> g.assign(Double.NaN));
    net.computeGradients(d.features(), d.labels());
    assertTrue(all.values().stream().noneMatch(g -> g.isNaN().any()));
  }

  /** Every trainable parameter's gradient array, frozen or not (the kernels' own). */
  private static Map<String, INDArray> allGradients(DigitsTargetNetwork net) {
    Map<String, INDArray> all = new LinkedHashMap<>();
    for (io.annet.dsl.Layer node : java.util.List.of(net.backbone(), net.head())) {
      for (io.annet.dsl.Layer m : ((io.annet.runtime.layers.BlockHandle) node).members()) {
        if (m instanceof io.annet.runtime.layers.Kernel<?> k) {
          k.parameters().stream().filter(p -> p.trainable())
              .forEach(p -> all.put(p.name(), p.gradient()));
        }
      }
    }
    return all;
  }

  @Test
  void theLoadedBackboneGivesTheSameFeaturesAndTheHeadKeepsItsInitialisation() throws Exception {
    DigitsSourceNetwork source = DigitsSourceNetwork.create(5);
    trainer(new Adam(0.01), 1).fit(source, data(32, 5, 3));
    Path ckpt = dir.resolve("source.ckpt");
    source.save(ckpt);
    DigitsTargetNetwork target = DigitsTargetNetwork.create(9);
    Map<String, byte[]> head = bytes(target.parameters(), "head.");
    assertEquals(4, BlockWeights.load(target, "backbone", ckpt).size());
    INDArray x = data(6, 5, 4).features();
    INDArray expected = source.features(x);
    assertArrayEquals(new long[] {6, 64, 7, 7}, expected.shape());
    assertEquals(expected, target.features(x));
    assertArrayEquals(expected.data().asFloat(), target.features(x).data().asFloat());
    Map<String, byte[]> headAfter = bytes(target.parameters(), "head.");
    head.forEach((k, v) -> assertArrayEquals(v, headAfter.get(k), k));
    // A head that starts with its GAP: features(x) is the GAP vector.
    GapDigitsNetwork gap = GapDigitsNetwork.create(1);
    BlockWeights.load(gap, "backbone", ckpt);
    INDArray vector = gap.features(x);
    assertArrayEquals(new long[] {6, 64}, vector.shape());
    assertTrue(vector.equalsWithEps(expected.mean(2, 3), 1e-5));
    assertEquals(gap.features(x, "backbone.conv2").shape()[1], 64);
  }

  @Test
  void aBackboneThatDiffersNamesTheFirstDifferingLayerWithBothShapes() throws Exception {
    Path ckpt = dir.resolve("narrow.ckpt");
    NarrowDigitsNetwork.create(1).save(ckpt);
    DigitsTargetNetwork target = DigitsTargetNetwork.create(9);
    Map<String, byte[]> before = bytes(target.parameters(), "");
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> BlockWeights.load(target, "backbone", ckpt));
    String m = e.getMessage();
    assertTrue(m.contains("first at layer backbone.conv2"), m);
    assertTrue(m.contains("-> [48, 14, 14] there") && m.contains("-> [64, 14, 14] here"), m);
    assertTrue(m.contains("weight [48, 32, 3, 3] there, [64, 32, 3, 3] here"), m);
    assertTrue(m.contains("spec hash"), m);
    Map<String, byte[]> after = bytes(target.parameters(), "");
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " is unchanged"));
  }

  @Test
  void unfreezingFineTunesTheSameNetworkWithItsOwnOptimizer() {
    DigitsTargetNetwork net = DigitsTargetNetwork.create(3);
    Dataset d = data(32, 5, 8);
    net.freeze("backbone");
    Adam first = new Adam(0.01);
    trainer(first, 1).fit(net, d);
    Map<String, byte[]> backbone = bytes(net.parameters(), "backbone.");
    net.unfreeze("backbone");
    assertTrue(net.frozenLayers().isEmpty());
    // The head stage's optimizer has no state for the backbone: it says so instead of guessing.
    AnnetException refused = assertThrows(AnnetException.class,
        () -> trainer(first, 1).fit(net, d));
    assertTrue(refused.getMessage().contains("new optimizer"), refused.getMessage());
    trainer(new Adam(0.001), 1).fit(net, d);
    Map<String, byte[]> after = bytes(net.parameters(), "backbone.");
    backbone.forEach((k, v) -> assertFalse(java.util.Arrays.equals(v, after.get(k)), k));
  }

  @Test
  void aFrozenBatchNormUsesItsRunningStatisticsAndKeepsThem() {
    io.annet.examples.graphs.ResNetCifarNetwork net =
        io.annet.examples.graphs.ResNetCifarNetwork.create(2);
    net.freeze("stem", "stemBn");
    Map<String, byte[]> stats = bytes(net.parameters(), "stemBn.");
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32);
    net.computeGradients(x, new int[] {0, 1, 2, 3});
    Map<String, byte[]> after = bytes(net.parameters(), "stemBn.");
    stats.forEach((k, v) -> assertArrayEquals(v, after.get(k), k)); // mean and var unmoved
    net.unfreeze("stemBn");
    net.computeGradients(x, new int[] {0, 1, 2, 3});
    assertFalse(java.util.Arrays.equals(stats.get("stemBn.mean"),
        bytes(net.parameters(), "stemBn.").get("stemBn.mean")));
  }

  @Test
  void anUnknownNameListsTheLayersAndFreezesNothing() {
    DigitsTargetNetwork net = DigitsTargetNetwork.create(3);
    AnnetException e = assertThrows(AnnetException.class, () -> net.freeze("backbone", "body"));
    assertTrue(e.getMessage().contains("no layer or block named 'body'"), e.getMessage());
    assertTrue(e.getMessage().contains("[backbone, head]"), e.getMessage());
    assertTrue(net.frozenLayers().isEmpty());
  }
}
