package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The framework-neutral descriptions agree with the networks Annet generated. */
class ArchTest {

  @Test
  void ninCifarShapesFollowThePaper() {
    List<int[]> shapes = Arch.ninCifar().shapes();
    assertArrayEquals(new int[] {96, 32, 32}, shapes.get(3));
    assertArrayEquals(new int[] {96, 15, 15}, shapes.get(4));
    assertArrayEquals(new int[] {192, 7, 7}, shapes.get(8));
    assertArrayEquals(new int[] {10, 1, 1}, shapes.get(shapes.size() - 1));
    assertEquals(10, Arch.ninCifar().classes());
  }

  @Test
  void macsEqualTheProcessorsCount() {
    assertEquals(NinCifarNetwork.MACS, Arch.ninCifar().macs());
    assertEquals(MnistGapNetwork.MACS, Arch.mnistGap().macs());
  }

  @Test
  void parameterNamesAndShapesEqualAnnets() {
    check(true, Arch.ninCifar());
    check(false, Arch.mnistGap());
  }

  private static void check(boolean nin, Arch arch) {
    Network net = AnnetStep.create(nin, DataType.FLOAT);
    Map<String, INDArray> parameters = net.parameters();
    List<String> expected = new ArrayList<>();
    for (Arch.Conv c : arch.convs()) {
      expected.add(c.parameter() + ".weight");
      expected.add(c.parameter() + ".bias");
      assertArrayEquals(
          new long[] {c.out(), c.in(), c.kernel(), c.kernel()},
          parameters.get(c.parameter() + ".weight").shape(),
          c.parameter());
      assertArrayEquals(new long[] {c.out()}, parameters.get(c.parameter() + ".bias").shape());
    }
    assertEquals(expected, new ArrayList<>(parameters.keySet()));
  }
}
