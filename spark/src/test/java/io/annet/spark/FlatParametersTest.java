package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.AnnetException;
import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Weights and gradients travel as one flat float buffer, exactly. */
class FlatParametersTest {
  @Test
  void weightsRoundTripThroughAFlatBuffer() {
    Network a = MnistGapHeadNetwork.create(1);
    Network b = MnistGapHeadNetwork.create(2);
    FlatParameters layout = FlatParameters.of(a);
    assertEquals(28106, layout.size());
    layout.write(layout.read(a), b);
    for (Map.Entry<String, INDArray> e : a.parameters().entrySet()) {
      assertArrayEquals(e.getValue().data().asFloat(),
          b.parameters().get(e.getKey()).data().asFloat(), e.getKey());
    }
  }

  @Test
  void aStepsGradientsAreWeightedAndApplied() {
    Network a = MnistGapHeadNetwork.create(1);
    a.computeGradients(org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28),
        new int[] {0, 1, 2, 3});
    FlatParameters layout = FlatParameters.of(a);
    float[] sum = new float[layout.size()];
    layout.accumulateStep(a, 0.25f, sum);
    layout.accumulateStep(a, 0.75f, sum);
    Network b = MnistGapHeadNetwork.create(1);
    layout.applyStep(sum, b);
    for (Map.Entry<String, INDArray> e : a.gradients().entrySet()) {
      float[] expected = e.getValue().data().asFloat();
      float[] found = b.gradients().get(e.getKey()).data().asFloat();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], found[i], 1e-6f * Math.max(1f, Math.abs(expected[i])));
      }
    }
  }

  @Test
  void aDoubleNetworkIsRefusedNamingItsType() {
    DataTypeMismatchException e = assertThrows(DataTypeMismatchException.class,
        () -> FlatParameters.of(MnistGapHeadNetwork.create(1, DataType.DOUBLE)));
    assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
  }

  @Test
  void aBufferOfAnotherSizeIsRefused() {
    Network a = MnistGapHeadNetwork.create(1);
    AnnetException e = assertThrows(AnnetException.class,
        () -> FlatParameters.of(a).write(new float[10], a));
    assertTrue(e.getMessage().contains("holds 10 values, the layout 28106"), e.getMessage());
  }

  @Test
  void anExecutorRefusesAClassCompiledFromAnotherDeclaration() {
    NetworkSpec spec = new NetworkSpec(MnistGapHeadNetwork.class.getName(), "input=[1, 1, 1]");
    AnnetException e = assertThrows(AnnetException.class, spec::create);
    assertTrue(e.getMessage().contains("compiled from another declaration"), e.getMessage());
    AnnetException missing = assertThrows(AnnetException.class,
        () -> new NetworkSpec("no.such.Network", "").create());
    assertTrue(missing.getMessage().contains("cannot load network class no.such.Network"),
        missing.getMessage());
  }
}
