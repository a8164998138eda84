package io.annet.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.Network;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1,000-layer model (the {@link CompileCostBenchmark}'s largest) compiles, although its spec and
 * summary exceed javac's 65,535-byte limit on a constant string, and its network runs.
 */
class LargeModelTest {

  @Test
  void aThousandLayerModelCompilesAndRuns() throws Exception {
    try (InProcessCompiler compiler = new InProcessCompiler()) {
      InProcessCompiler.Result result = compiler.compile("bench/Net1000.java",
          CompileCostBenchmark.model("Net1000", 1000));
      assertTrue(result.success(), result::describe);
      try (URLClassLoader loader = result.loader()) {
        Class<?> type = loader.loadClass("bench.Net1000Network");
        String spec = (String) type.getField("SPEC").get(null);
        String summary = (String) type.getField("SUMMARY").get(null);
        assertTrue(Math.max(spec.length(), summary.length()) > 65_535,
            "the case needs the long-string path");
        assertEquals(1001, spec.split("\n").length, "a header and one line per layer");
        assertTrue(spec.contains("\nlayer997 @BatchNorm") && spec.contains("\nlogits @Dense"),
            spec);
        Network net = (Network) type.getMethod("create", long.class, DataType.class)
            .invoke(null, 1L, DataType.FLOAT);
        assertEquals(spec, net.architecture().spec());
        INDArray p = net.predict(Nd4j.rand(DataType.FLOAT, 2, 4, 8, 8));
        assertArrayEquals(new long[] {2, 4}, p.shape());
      }
      compiler.discard(result);
    }
  }
}
