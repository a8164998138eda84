package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.BlockWeights;
import io.annet.runtime.WeightSource;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxImportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A backbone from a PyTorch-made ONNX file ({@code torch_twin_*.onnx}, see {@link
 * PyTorchImportTest}) loaded into a network with another head: the file's first layers matched onto
 * {@link TorchStem}'s backbone, the rest of the file left out.
 */
class TorchBackboneTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      return file;
    }
    try (InputStream in = getClass().getResourceAsStream("/onnx/" + name)) {
      Files.copy(in, file);
    }
    return file;
  }

  private static Map<String, byte[]> head(Map<String, INDArray> tensors) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> {
      if (k.startsWith("head.")) {
        out.put(k, v.dup().data().asBytes());
      }
    });
    return out;
  }

  @Test
  void thePyTorchStemGivesTheFeaturesOfTheWholeImportedTwin() throws Exception {
    TorchTwinNetwork twin = TorchTwinNetwork.create(1);
    Onnx.loadWeights(twin, resource("torch_twin_bn.onnx"));
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.randn(DataType.FLOAT, 4, 1, 12, 12);
    INDArray expected = twin.features(x, "pool1");
    assertTrue(expected.amaxNumber().doubleValue() > 0.1, "the stem's maps are not all zero");
    for (String file : new String[] {"torch_twin_bn.onnx", "torch_twin_folded.onnx"}) {
      TorchStemNetwork net = TorchStemNetwork.create(7);
      Map<String, byte[]> fresh = head(net.parameters());
      WeightSource source = Onnx.weightSource(resource(file), net,
          OnnxImportOptions.defaults().upTo("backbone"));
      assertEquals(Set.of("backbone.conv1.weight", "backbone.bn1.gamma", "backbone.bn1.beta",
          "backbone.bn1.mean", "backbone.bn1.var"), source.tensors().keySet(), file);
      assertTrue(source.spec().isEmpty(), "a PyTorch file carries no Annet spec");
      assertEquals(5, BlockWeights.load(net, "backbone", source, "backbone").size());
      INDArray maps = net.features(x, "backbone");
      assertArrayEquals(expected.shape(), maps.shape());
      assertTrue(maps.equalsWithEps(expected, 1e-4), file);
      // The head starts with its GAP: features(x) is the GAP vector of those maps.
      assertTrue(net.features(x).equalsWithEps(expected.mean(2, 3), 1e-4), file);
      Map<String, byte[]> after = head(net.parameters());
      fresh.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " keeps its initialisation"));
    }
  }
}
