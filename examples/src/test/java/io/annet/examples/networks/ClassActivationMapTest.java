package io.annet.examples.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.LabelException;
import io.annet.runtime.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The class activation map property: averaging the CAM of class c gives the pre-softmax score of
 * class c (up to the dense bias). Scores are recovered from the probabilities as log p_c - log p_0,
 * which equals z_c - z_0 because softmax is shift-invariant.
 */
class ClassActivationMapTest {
  private static final double TOLERANCE = 1e-9;

  @Test
  void ninHeadMeanOfMapIsTheClassScore() {
    GapMnistNetwork network = GapMnistNetwork.create(3, DataType.DOUBLE);
    INDArray x = TestData.input(31, DataType.DOUBLE, 3, new int[] {1, 28, 28});
    INDArray logP = Transforms.log(network.predict(x), true);
    double[][] means = new double[10][];
    for (int c = 0; c < 10; c++) {
      INDArray cam = network.classActivationMap(x, c);
      assertArrayEquals(new long[] {3, 14, 14}, cam.shape());
      means[c] = cam.mean(1, 2).data().asDouble();
    }
    for (int c = 1; c < 10; c++) {
      for (int n = 0; n < 3; n++) {
        double expected = logP.getDouble(n, c) - logP.getDouble(n, 0);
        String where = "class " + c + " example " + n;
        assertEquals(expected, means[c][n] - means[0][n], TOLERANCE, where);
      }
    }
  }

  @Test
  void gapDenseHeadMeanOfWeightedMapPlusBiasIsTheClassScore() {
    DenseCamHeadNetwork network = DenseCamHeadNetwork.create(4, DataType.DOUBLE);
    // A nonzero bias, so that the test sees it.
    INDArray bias = network.parameters().get("scores.bias");
    bias.assign(TestData.input(41, DataType.DOUBLE, 1, new int[] {4, 1, 1}).reshape(4));
    INDArray x = TestData.input(42, DataType.DOUBLE, 2, new int[] {3, 10, 10});
    INDArray logP = Transforms.log(network.predict(x), true);
    double[][] scores = new double[4][];
    for (int c = 0; c < 4; c++) {
      INDArray cam = network.classActivationMap(x, c);
      assertArrayEquals(new long[] {2, 10, 10}, cam.shape());
      scores[c] = cam.mean(1, 2).addi(bias.getDouble(c)).data().asDouble();
    }
    for (int c = 1; c < 4; c++) {
      for (int n = 0; n < 2; n++) {
        double expected = logP.getDouble(n, c) - logP.getDouble(n, 0);
        String where = "class " + c + " example " + n;
        assertEquals(expected, scores[c][n] - scores[0][n], TOLERANCE, where);
      }
    }
  }

  @Test
  void badArgumentsFailAtTheBoundaryNamingWhatWasExpected() {
    GapMnistNetwork network = GapMnistNetwork.create(3);
    INDArray x = TestData.input(1, DataType.FLOAT, 2, new int[] {1, 28, 28});
    LabelException badClass =
        assertThrows(LabelException.class, () -> network.classActivationMap(x, 10));
    assertTrue(badClass.getMessage().contains("[0, 10)"), badClass.getMessage());
    INDArray wrong = TestData.input(1, DataType.FLOAT, 2, new int[] {1, 27, 28});
    ShapeMismatchException badShape =
        assertThrows(ShapeMismatchException.class, () -> network.classActivationMap(wrong, 0));
    assertTrue(badShape.getMessage().contains("GapMnist expects input"), badShape.getMessage());
    assertTrue(badShape.getMessage().contains("[2, 1, 27, 28]"), badShape.getMessage());
  }

  @Test
  void probabilitiesSumToOneWithAnImplicitSoftmax() {
    FcMnistNetwork network = FcMnistNetwork.create(8);
    INDArray p = network.predict(TestData.input(5, DataType.FLOAT, 5, new int[] {1, 28, 28}));
    assertArrayEquals(new long[] {5, 10}, p.shape());
    INDArray sums = p.sum(1);
    for (int n = 0; n < 5; n++) {
      assertEquals(1.0, sums.getDouble(n), 1e-5);
    }
  }
}
