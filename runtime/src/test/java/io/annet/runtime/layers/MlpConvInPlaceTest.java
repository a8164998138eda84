package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32 mlpconv block writes each inner stage's ReLU gradient over the gradient between two
 * of its stages (oneDNN's element-wise backward in place, issue 17), and computes the same
 * gradients as its stages' ordinary backward, one after the other; the caller's gradient stays
 * untouched.
 */
class MlpConvInPlaceTest {
  @Test
  void innerActivationGradientsAreWrittenInPlaceWithTheSameResult() {
    MlpConvLayer block = new MlpConvLayer("b", new int[] {16, 6, 6}, new int[] {32, 16, 16},
        Window.square(3, 1, 1), Activation.RELU, DataType.FLOAT, new Initializer(3));
    List<ConvLayer> stages = block.stages();
    for (ConvLayer conv : stages) {
      assertEquals(ConvLayer.Path.ONEDNN, conv.path(), "stage path");
    }
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 16, 6, 6).subi(0.5);
    INDArray dy = Nd4j.rand(DataType.FLOAT, 4, 16, 6, 6).subi(0.5);
    INDArray dyBefore = dy.dup();
    MlpConvLayer.Saved saved = block.forward(x, true);

    // the reference: each stage's ordinary (out-of-place) backward, results copied
    List<INDArray> expectedWeights = new ArrayList<>();
    List<INDArray> between = new ArrayList<>(); // the buffers stage i + 1 hands to stage i
    INDArray g = dy;
    for (int i = stages.size() - 1; i >= 0; i--) {
      g = stages.get(i).backward(saved.stages().get(i), g);
      between.add(0, g);
      g = g.dup();
      expectedWeights.add(0, stages.get(i).weightGrad.dup());
    }
    INDArray expectedInput = g;

    INDArray dx = block.backward(saved, dy);
    assertEquals(0.0, expectedInput.sub(dx).amaxNumber().doubleValue(), 1e-6, "input gradient");
    for (int i = 0; i < stages.size(); i++) {
      INDArray found = stages.get(i).weightGrad;
      assertEquals(0.0, expectedWeights.get(i).sub(found).amaxNumber().doubleValue(), 1e-6,
          "weight gradient of stage " + i);
    }
    assertEquals(dyBefore, dy, "the caller's gradient is read, never written");
    for (int i = 0; i < stages.size() - 1; i++) {
      // stage i + 1's input gradient now holds stage i's pre-activation gradient: zero wherever
      // the ReLU's output is zero
      INDArray buffer = between.get(i + 1);
      INDArray y = saved.stages().get(i).output();
      INDArray masked = buffer.mul(y.gt(0).castTo(DataType.FLOAT));
      assertEquals(masked, buffer, "stage " + i + "'s ReLU gradient was written over its input");
      long dead = y.eq(0).castTo(DataType.FLOAT).sumNumber().longValue();
      assertTrue(dead > 0, "some ReLU outputs are zero, so the check above means something");
      assertNotEquals(0.0, buffer.amaxNumber().doubleValue());
    }
    assertSame(dx, block.backward(saved, dy), "the input gradient buffer is reused");
  }
}
