package io.annet.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.annet.runtime.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wiring read from a canonical spec: explicit inputs after {@code <-}, else the line before. */
class TopologyTest {
  private static Architecture architecture(String spec) {
    return new Architecture("Net", new int[] {2, 6, 6}, 3, spec, "", 0, 0);
  }

  @Test
  void chainsAndGraphs() {
    Topology t = Topology.of(architecture("input=[2, 6, 6] classes=3\n"
        + "stem @Conv(filters=4, window=3x3/1 pad 1, activation=IDENTITY, bias=false)"
        + " -> [4, 6, 6]\n"
        + "a.b1 @Conv(filters=1, window=1x3/1 pad 0x1, activation=RELU, bias=true) -> [1, 6, 6]\n"
        + "a.b2 @AvgPool(window=3x3/1 pad 1) <- stem -> [4, 6, 6]\n"
        + "a.out @Concat <- a.b1, a.b2 -> [5, 6, 6]\n"
        + "skip @Conv(filters=5, window=1x1/1 pad 0, activation=RELU, bias=true) <- input"
        + " -> [5, 6, 6]\n"
        + "sum @Add(activation=RELU) <- a.out, skip -> [5, 6, 6]\n"
        + "gap @GlobalAvgPool -> [5]\n"));
    assertEquals(List.of(
        new Topology.Node("stem", "Conv", List.of("input")),
        new Topology.Node("a.b1", "Conv", List.of("stem")),
        new Topology.Node("a.b2", "AvgPool", List.of("stem")),
        new Topology.Node("a.out", "Concat", List.of("a.b1", "a.b2")),
        new Topology.Node("skip", "Conv", List.of("input")),
        new Topology.Node("sum", "Add", List.of("a.out", "skip")),
        new Topology.Node("gap", "GlobalAvgPool", List.of("sum"))), t.nodes());
  }

  @Test
  void anUnreadableLineIsNamed() {
    OnnxException e = assertThrows(OnnxException.class,
        () -> Topology.of(architecture("input=[2, 6, 6] classes=3\nnonsense\n")));
    assertEquals("Net: cannot read the spec line 'nonsense'", e.getMessage());
  }
}
