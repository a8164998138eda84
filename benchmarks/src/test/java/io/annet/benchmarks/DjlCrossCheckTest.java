package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.annet.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PyTorch side of the benchmark computes what Annet computes: with Annet's initial weights
 * copied in, DJL's block gives the same probabilities, loss and gradients (float32, relative to
 * each tensor's largest magnitude: 1e-4 for outputs, 1e-3 for gradients).
 */
class DjlCrossCheckTest {

  @Test
  void mnistGapMatchesPyTorch() {
    crossCheck(false, Arch.mnistGap(), 4);
  }

  @Test
  void ninCifarMatchesPyTorch() {
    crossCheck(true, Arch.ninCifar(), 2);
  }

  private static void crossCheck(boolean nin, Arch arch, int batch) {
    Network annet = AnnetStep.create(nin, DataType.FLOAT);
    Weights weights = AnnetStep.initialWeights(nin);
    float[] pixels = Batches.images(arch, batch, 5);
    INDArray x = Nd4j.create(pixels, Batches.shape(arch, batch), 'c');
    INDArray y = Nd4j.create(Batches.oneHot(arch, batch), new long[] {batch, arch.classes()}, 'c');
    INDArray annetOut = annet.predict(x);
    double annetLoss = annet.computeGradients(x, y);

    try (Model model = Model.newInstance(arch.name())) {
      SequentialBlock block = DjlNets.build(arch);
      model.setBlock(block);
      Shape shape = new Shape(Batches.shape(arch, batch));
      try (Trainer trainer =
          model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
        trainer.initialize(shape);
        DjlNets.load(block, arch, weights, model.getNDManager());
        NDManager manager = trainer.getManager();
        NDArray dx = manager.create(pixels, shape);
        int[] classes = Batches.classes(arch, batch);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
          labels[i] = classes[i];
        }
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList logits = trainer.forward(new NDList(dx));
          NDArray probabilities = logits.singletonOrThrow().softmax(1);
          Dl4jCrossCheckTest.assertClose(
              "probabilities",
              annetOut,
              Nd4j.create(probabilities.toFloatArray(), new long[] {batch, arch.classes()}, 'c'),
              1e-4,
              false);
          NDArray loss = trainer.getLoss().evaluate(new NDList(manager.create(labels)), logits);
          assertEquals(annetLoss, loss.getFloat(), 1e-4 * annetLoss, "loss");
          collector.backward(loss);
        }
        List<NDArray> gradients = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
          gradients.add(p.getValue().getArray().getGradient());
        }
        int i = 0;
        for (var e : annet.gradients().entrySet()) {
          NDArray g = gradients.get(i++);
          INDArray torch = Nd4j.create(g.toFloatArray(), e.getValue().shape(), 'c');
          Dl4jCrossCheckTest.assertClose(
              "gradient of " + e.getKey(), torch, e.getValue(), 1e-3, false);
        }
      }
    }
  }
}
