package io.annet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerTest {
  private static final double TOL = 1e-6;

  /** Three steps with the constant gradient [0.5, 1] from p = [1, -2]. */
  private static double[] constantGradientRun(Optimizer opt, int steps) {
    Map<String, INDArray> p = Map.of("w", Nd4j.createFromArray(1.0, -2.0));
    Map<String, INDArray> g = Map.of("w", Nd4j.createFromArray(0.5, 1.0));
    for (int i = 0; i < steps; i++) {
      opt.step(p, g);
    }
    assertArrayEquals(new double[] {0.5, 1.0}, g.get("w").toDoubleVector(), 0,
        "the optimizer must not modify the gradients");
    return p.get("w").toDoubleVector();
  }

  @Test
  void plainSgdSubtractsRateTimesGradient() {
    assertArrayEquals(new double[] {0.85, -2.3}, constantGradientRun(new Sgd(0.1), 3), TOL);
  }

  @Test
  void sgdMomentumMatchesHandComputation() {
    // v1 = g, v2 = 1.9 g, v3 = 2.71 g; p3 = p0 - 0.1 * (1 + 1.9 + 2.71) g
    Sgd sgd = new Sgd(0.1, 0.9);
    assertArrayEquals(new double[] {0.95, -2.1}, constantGradientRun(sgd, 1), TOL);
    assertArrayEquals(new double[] {0.7195, -2.561},
        constantGradientRun(new Sgd(0.1, 0.9), 3), TOL);
  }

  @Test
  void nesterovMatchesHandComputation() {
    // d1 = g + 0.9 v1 = 1.9 g, d2 = g + 0.9 * 1.9 g = 2.71 g
    assertArrayEquals(new double[] {0.905, -2.19},
        constantGradientRun(new Sgd(0.1, 0.9, true, 0), 1), TOL);
    assertArrayEquals(new double[] {0.7695, -2.461},
        constantGradientRun(new Sgd(0.1, 0.9, true, 0), 2), TOL);
  }

  @Test
  void sgdWeightDecayAddsL2Gradient() {
    // g' = g + 0.1 p: step 1 -> [1 - 0.1 * 0.6, -2 - 0.1 * 0.8] = [0.94, -2.08]
    assertArrayEquals(new double[] {0.94, -2.08},
        constantGradientRun(new Sgd(0.1, 0, false, 0.1), 1), TOL);
  }

  @Test
  void adamWithConstantGradientStepsByTheLearningRate() {
    // With a constant gradient the bias-corrected m/sqrt(v) is sign(g): p moves by lr each step.
    assertArrayEquals(new double[] {0.7, -2.3}, constantGradientRun(new Adam(0.1), 3), TOL);
  }

  @Test
  void adamWDecaysTheWeightsBeforeTheAdamStep() {
    // p = p * (1 - 0.1 * 0.1) - 0.1 * sign(g), three times
    double a = 1;
    double b = -2;
    for (int i = 0; i < 3; i++) {
      a = a * 0.99 - 0.1;
      b = b * 0.99 - 0.1;
    }
    assertEquals(0.673289, a, TOL);
    assertArrayEquals(new double[] {a, b}, constantGradientRun(new AdamW(0.1, 0.1), 3), TOL);
  }

  /** Scalar reference of all four optimizers, in plain Java, for gradients g = p^3 - p. */
  private static double[] reference(String kind, double[] p0, int steps) {
    double lr = 0.05;
    double[] p = p0.clone();
    double[] s1 = new double[p.length];
    double[] s2 = new double[p.length];
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < p.length; i++) {
        double g = p[i] * p[i] * p[i] - p[i];
        switch (kind) {
          case "sgd" -> {
            g += 0.01 * p[i];
            s1[i] = 0.8 * s1[i] + g;
            p[i] -= lr * (g + 0.8 * s1[i]);
          }
          case "adam", "adamw" -> {
            if (kind.equals("adam")) {
              g += 0.01 * p[i];
            } else {
              p[i] *= 1 - lr * 0.01;
            }
            s1[i] = 0.9 * s1[i] + 0.1 * g;
            s2[i] = 0.99 * s2[i] + 0.01 * g * g;
            double mhat = s1[i] / (1 - Math.pow(0.9, t));
            double vhat = s2[i] / (1 - Math.pow(0.99, t));
            p[i] -= lr * mhat / (Math.sqrt(vhat) + 1e-8);
          }
          default -> throw new IllegalArgumentException(kind);
        }
      }
    }
    return p;
  }

  private static Optimizer make(String kind) {
    return switch (kind) {
      case "sgd" -> new Sgd(0.05, 0.8, true, 0.01);
      case "adam" -> new Adam(0.05, 0.9, 0.99, 1e-8, 0.01);
      case "adamw" -> new AdamW(0.05, 0.9, 0.99, 1e-8, 0.01);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static void stepWithCubicGradient(Optimizer opt, Map<String, INDArray> params) {
    Map<String, INDArray> grads = new LinkedHashMap<>();
    params.forEach((k, p) -> grads.put(k, p.mul(p).mul(p).sub(p)));
    opt.step(params, grads);
  }

  @Test
  void allOptimizersMatchAScalarReferenceOnRandomMatrices() {
    Random random = new Random(7);
    double[] p0 = new double[12];
    for (int i = 0; i < p0.length; i++) {
      p0[i] = random.nextGaussian();
    }
    for (String kind : new String[] {"sgd", "adam", "adamw"}) {
      Optimizer opt = make(kind);
      Map<String, INDArray> params = new LinkedHashMap<>();
      params.put("layer.weight", Nd4j.createFromArray(p0).reshape(3, 4));
      for (int t = 0; t < 5; t++) {
        stepWithCubicGradient(opt, params);
      }
      assertEquals(5, opt.iteration());
      assertArrayEquals(reference(kind, p0, 5),
          params.get("layer.weight").reshape(12).toDoubleVector(), TOL, kind);
    }
  }

  @Test
  void stateRoundTripGivesTheSameNextStep() {
    for (String kind : new String[] {"sgd", "adam", "adamw"}) {
      Optimizer a = make(kind);
      Map<String, INDArray> pa = new LinkedHashMap<>();
      pa.put("conv1.weight", Nd4j.rand(DataType.DOUBLE, 2, 3).subi(0.5));
      pa.put("conv1.bias", Nd4j.rand(DataType.DOUBLE, 2).subi(0.5));
      stepWithCubicGradient(a, pa);
      stepWithCubicGradient(a, pa);
      Map<String, INDArray> state = a.state();
      assertEquals(2, state.get(kind + ".iteration").getLong(0));
      assertTrue(state.containsKey(kind.equals("sgd") ? "sgd.velocity.conv1.weight"
          : kind + ".m.conv1.weight"), state.keySet().toString());

      Optimizer b = make(kind);
      b.loadState(state);
      assertEquals(2, b.iteration());
      Map<String, INDArray> pb = new LinkedHashMap<>();
      pa.forEach((k, v) -> pb.put(k, v.dup()));
      stepWithCubicGradient(a, pa);
      stepWithCubicGradient(b, pb);
      for (String k : pa.keySet()) {
        assertArrayEquals(pa.get(k).reshape(-1).toDoubleVector(),
            pb.get(k).reshape(-1).toDoubleVector(), 0, kind + " " + k);
      }
    }
  }

  @Test
  void loadingAnotherOptimizersStateFailsClearly() {
    Optimizer adam = new Adam(0.1);
    Map<String, INDArray> p = Map.of("w", Nd4j.createFromArray(1.0));
    adam.step(p, Map.of("w", Nd4j.createFromArray(1.0)));
    AnnetException e = assertThrows(AnnetException.class, () -> new Sgd(0.1).loadState(
        adam.state()));
    assertTrue(e.getMessage().contains("'sgd.iteration'"), e.getMessage());
  }

  @Test
  void gradientOfWrongShapeIsRejected() {
    AnnetException e = assertThrows(AnnetException.class, () -> new Sgd(0.1).step(
        Map.of("w", Nd4j.zeros(DataType.DOUBLE, 2, 3)),
        Map.of("w", Nd4j.zeros(DataType.DOUBLE, 3, 2))));
    assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"),
        e.getMessage());
  }

  @Test
  void stateBuffersAreAllocatedOnceAndReused() {
    Adam adam = new Adam(0.1);
    Map<String, INDArray> p = Map.of("w", Nd4j.createFromArray(1.0f, 2.0f));
    Map<String, INDArray> g = Map.of("w", Nd4j.createFromArray(0.1f, 0.2f));
    adam.step(p, g);
    INDArray m = adam.slot("m", "w", p.get("w"));
    adam.step(p, g);
    adam.step(p, g);
    assertTrue(m == adam.slot("m", "w", p.get("w")), "the moment buffer was reallocated");
  }

  @Test
  void invalidHyperParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, true, 0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0));
    assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, -0.1));
  }
}
