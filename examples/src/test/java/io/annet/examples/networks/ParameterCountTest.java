package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Layer;
import io.annet.runtime.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The compile-time figures agree with what the runtime kernels actually hold. */
class ParameterCountTest {

  private record Case(Network network, long parameters, String summary, String spec) {}

  private static List<Case> cases() {
    return List.of(
        new Case(NinNoDropoutNetwork.create(1), NinNoDropoutNetwork.PARAMETERS,
            NinNoDropoutNetwork.SUMMARY, NinNoDropoutNetwork.SPEC),
        new Case(GapMnistNetwork.create(1), GapMnistNetwork.PARAMETERS, GapMnistNetwork.SUMMARY,
            GapMnistNetwork.SPEC),
        new Case(FcMnistNetwork.create(1), FcMnistNetwork.PARAMETERS, FcMnistNetwork.SUMMARY,
            FcMnistNetwork.SPEC),
        new Case(NormNetNetwork.create(1), NormNetNetwork.PARAMETERS, NormNetNetwork.SUMMARY,
            NormNetNetwork.SPEC),
        new Case(EveryKindNetwork.create(1), EveryKindNetwork.PARAMETERS,
            EveryKindNetwork.SUMMARY, EveryKindNetwork.SPEC),
        new Case(GlobalMaxHeadNetwork.create(1), GlobalMaxHeadNetwork.PARAMETERS,
            GlobalMaxHeadNetwork.SUMMARY, GlobalMaxHeadNetwork.SPEC),
        new Case(DenseCamHeadNetwork.create(1), DenseCamHeadNetwork.PARAMETERS,
            DenseCamHeadNetwork.SUMMARY, DenseCamHeadNetwork.SPEC));
  }

  @Test
  void parametersConstantEqualsTheKernelsParameterCounts() {
    for (Case c : cases()) {
      String name = c.network().architecture().toString();
      long kernels = c.network().layers().stream().mapToLong(Layer::parameterCount).sum();
      long trainable = c.network().gradients().values().stream().mapToLong(INDArray::length).sum();
      assertEquals(c.parameters(), kernels, name);
      assertEquals(c.parameters(), trainable, name);
      assertEquals(c.parameters(), c.network().architecture().parameters(), name);
      assertEquals(c.summary(), c.network().summary(), name);
      assertEquals(c.spec(), c.network().architecture().spec(), name);
    }
  }

  @Test
  void summaryTotalsShowTheParameterCount() {
    for (Case c : cases()) {
      String total = String.format(java.util.Locale.ROOT, "%,d", c.parameters());
      String last = c.summary().strip().lines().reduce((a, b) -> b).orElseThrow();
      assertTrue(last.startsWith("total") && last.contains(total), c.summary());
    }
  }

  @Test
  void ninCifar10HasThePapersParameterCount() {
    // block1: 5*5*3*192+192 + 192*160+160 + 160*96+96 = 60,928
    // block2: 5*5*96*192+192 + 2 * (192*192+192) = 535,104
    // block3: 3*3*192*192+192 + 192*192+192 + 192*10+10 = 370,954
    assertEquals(966_986L, NinNoDropoutNetwork.PARAMETERS);
  }

  @Test
  void layersAreTheDeclaredOnesInOrderWithTheirShapes() {
    NinNoDropoutNetwork nin = NinNoDropoutNetwork.create(1);
    List<String> names = nin.layers().stream().map(Layer::name).toList();
    assertEquals(List.of("block1", "pool1", "block2", "pool2", "block3", "gap", "probs"), names);
    assertArrayEquals(new int[] {192, 16, 16}, nin.block2().outputShape());
    assertArrayEquals(new int[] {10, 8, 8}, nin.block3().outputShape());
    assertEquals("MlpConv", nin.block3().kind());
    // The implicit softmax of an FC head is not a declared layer.
    FcMnistNetwork fc = FcMnistNetwork.create(1);
    assertEquals(
        List.of("conv1", "pool1", "flatten", "fc1", "fc2"),
        fc.layers().stream().map(Layer::name).toList());
  }
}
