package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float32 batch normalisation in training runs on oneDNN's primitives and computes what the
 * double-precision libnd4j path (held by the finite-difference checks) computes: output, batch
 * statistics, running statistics, input and parameter gradients, with scales and shifts away from
 * 1 and 0, a fused ReLU, maps and vectors, and a batch size that changes and comes back.
 */
class OneDnnBatchNormTest {

  @Test
  void mapsWithReluMatchTheDoublePath() {
    check(new int[] {5, 6, 7}, Activation.RELU);
  }

  @Test
  void vectorsWithoutActivationMatchTheDoublePath() {
    check(new int[] {9}, Activation.IDENTITY);
  }

  @Test
  void inTheNetworksStepTheReluRunsInPlaceAndItsGradientOverTheOutputsWhenAllowed() {
    DataType f = DataType.FLOAT;
    BatchNormLayer bn = new BatchNormLayer("bn", new int[] {16, 3, 3}, 0.9, 1e-5,
        Activation.RELU, f);
    BlockedLayout scope = new BlockedLayout();
    bn.markBlocked(scope, true, true);
    scope.activate(true);
    INDArray x = KernelGradientTest.input(7, 4, 16, 3, 3).castTo(f);
    INDArray dy = KernelGradientTest.input(8, 4, 16, 3, 3).castTo(f);
    BatchNormLayer.Saved saved = bn.forward(x, true);
    assertSame(saved.output(), saved.normalized(), "the ReLU ran in place");
    INDArray copy = dy.dup();
    INDArray expected = bn.backward(saved, copy).dup();
    assertEquals(dy, copy, "not allowed: the output's gradient is left alone");
    bn.allowOverwritingOutputGradient(true);
    assertEquals(expected, bn.backward(saved, copy));
    assertNotEquals(dy, copy, "allowed: the ReLU's gradient was written over it");
    assertEquals(0, copy.mul(saved.output().eq(0).castTo(f)).amaxNumber().doubleValue(),
        "masked where the ReLU was off");
  }

  private static void check(int[] shape, Activation activation) {
    BatchNormLayer f = new BatchNormLayer("bn", shape, 0.9, 1e-5, activation, DataType.FLOAT);
    BatchNormLayer d = new BatchNormLayer("bn", shape, 0.9, 1e-5, activation, DataType.DOUBLE);
    assertTrue(f.trainsOnOneDnn(), "float32 training takes oneDNN's batch normalization");
    assertFalse(d.trainsOnOneDnn(), "double precision keeps libnd4j's ops");
    INDArray gamma = Nd4j.linspace(DataType.DOUBLE, 0.5, 0.1, shape[0]);
    INDArray beta = Nd4j.linspace(DataType.DOUBLE, -0.3, 0.07, shape[0]);
    for (BatchNormLayer layer : new BatchNormLayer[] {f, d}) {
      layer.gamma().assign(gamma);
      layer.beta().assign(beta);
    }
    for (long n : new long[] {4, 3, 4}) {
      long[] dims = new long[shape.length + 1];
      dims[0] = n;
      for (int i = 0; i < shape.length; i++) {
        dims[i + 1] = shape[i];
      }
      INDArray x = KernelGradientTest.input(n, dims).muli(3).addi(0.5);
      BatchNormLayer.Saved sf = f.forward(x.castTo(DataType.FLOAT), true);
      BatchNormLayer.Saved sd = d.forward(x, true);
      close(sd.output(), sf.output(), "output");
      close(sd.mean(), sf.mean(), "batch mean");
      close(sd.variance(), sf.variance(), "batch variance");
      close(d.runningMean(), f.runningMean(), "running mean");
      close(d.runningVariance(), f.runningVariance(), "running variance");
      INDArray g = KernelGradientTest.input(n + 50, dims);
      close(d.backward(sd, g), f.backward(sf, g.castTo(DataType.FLOAT)), "input gradient");
      for (int i = 0; i < 2; i++) {
        close(d.parameters().get(i).gradient(), f.parameters().get(i).gradient(),
            f.parameters().get(i).name() + " gradient");
      }
    }
    assertTrue(f.trainsOnOneDnn(), "no batch size sent it back to libnd4j");
  }

  private static void close(INDArray expected, INDArray actual, String what) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double diff = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " at scale " + scale);
  }
}
