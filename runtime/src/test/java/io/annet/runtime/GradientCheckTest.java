package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.Forward;
import io.annet.runtime.layers.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The checker itself: passes a right gradient, catches a slightly wrong one, samples, restores. */
class GradientCheckTest {

  /** A dense layer whose input gradient is off by {@code factor}. */
  private record Skewed(DenseLayer inner, double factor) implements Kernel<DenseLayer.Saved> {
    @Override
    public DenseLayer.Saved forward(INDArray input, boolean training) {
      return inner.forward(input, training);
    }

    @Override
    public INDArray backward(DenseLayer.Saved saved, INDArray gradOutput) {
      return inner.backward(saved, gradOutput).mul(factor);
    }

    @Override
    public List<Parameter> parameters() {
      return inner.parameters();
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public String kind() {
      return inner.kind();
    }

    @Override
    public int[] outputShape() {
      return inner.outputShape();
    }

    @Override
    public long parameterCount() {
      return inner.parameterCount();
    }
  }

  private static DenseLayer dense() {
    return new DenseLayer("d", new int[] {4}, 3, Activation.TANH, true, DataType.DOUBLE,
        new Initializer(1));
  }

  private static <S extends Forward> GradientCheck.Report run(Kernel<S> k, INDArray x) {
    return GradientCheck.checkKernel(k, x, true, null, GradientCheck.Options.DEFAULT);
  }

  @Test
  void rightGradientPassesAndValuesAreRestored() {
    DenseLayer d = dense();
    INDArray before = d.weight().dup();
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4);
    GradientCheck.Report report = run(d, x);
    assertTrue(report.passed(), report.toString());
    assertEquals(8 + 12 + 3, report.checked());
    assertEquals(before, d.weight());
  }

  @Test
  void onePercentErrorIsCaught() {
    GradientCheck.Report report = run(new Skewed(dense(), 1.01), Nd4j.rand(DataType.DOUBLE, 2, 4));
    assertFalse(report.passed());
    assertEquals(8, report.failures().size()); // every input element, no parameter
    assertTrue(report.failures().stream().allMatch(f -> f.tensor().equals("input")));
    assertThrows(AssertionError.class, report::assertPassed);
  }

  @Test
  void samplesLargeTensorsAndRefusesFloat32() {
    DenseLayer d = dense();
    GradientCheck.Report report = GradientCheck.checkKernel(d, Nd4j.rand(DataType.DOUBLE, 2, 4),
        true, null, GradientCheck.Options.DEFAULT.withMaxPerTensor(2));
    assertEquals(6, report.checked());
    INDArray w = Nd4j.zeros(DataType.FLOAT, 2);
    assertThrows(IllegalArgumentException.class,
        () -> GradientCheck.check(() -> 0.0, Map.of("w", w), Map.of("w", w),
            GradientCheck.Options.DEFAULT));
  }
}
