package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.annet.runtime.Network;
import io.annet.runtime.optim.Sgd;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PyTorch versions of the graph workloads compute what Annet computes: with Annet's weights
 * and batch-norm statistics copied in (scales, shifts and running statistics first set to random
 * values, so that inference really uses them), DJL gives the same probabilities in inference, and
 * one SGD training step the same loss, the same gradients, the same updated weights and the same
 * new running statistics (float32; relative to each tensor's largest magnitude: 1e-4 for outputs,
 * weights and statistics, 1e-3 for gradients).
 */
class DjlGraphCrossCheckTest {

  @Test
  void resNetCifarMatchesPyTorch() {
    crossCheck(Workload.Net.RESNET, 4);
  }

  @Test
  void inceptionMnistMatchesPyTorch() {
    crossCheck(Workload.Net.INCEPTION, 4);
  }

  private static void crossCheck(Workload.Net net, int batch) {
    Network annet = AnnetStep.create(net, DataType.FLOAT);
    randomiseBatchNorms(annet);
    Weights before = AnnetStep.weights(annet);
    float[] pixels = Batches.images(net.input(), batch, 5);
    long[] xShape = Batches.shape(net.input(), batch);
    INDArray x = Nd4j.create(pixels, xShape, 'c');
    INDArray y = Nd4j.create(Batches.oneHot(net.classes(), batch), new long[] {batch, 10}, 'c');
    INDArray annetOut = annet.predict(x);
    double annetLoss = annet.computeGradients(x, y);
    Map<String, INDArray> annetGradients = new HashMap<>();
    annet.gradients().forEach((name, g) -> annetGradients.put(name, g.dup()));
    new Sgd(Step.LEARNING_RATE).step(annet.parameters(), annet.gradients());
    Weights after = AnnetStep.weights(annet);

    try (Model model = Model.newInstance(net.name())) {
      DjlGraphs.Graph graph = DjlGraphs.build(net);
      Block block = graph.block();
      model.setBlock(block);
      Shape shape = new Shape(xShape);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.sgd()
                      .setLearningRateTracker(Tracker.fixed((float) Step.LEARNING_RATE))
                      .build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(shape);
        DjlGraphs.load(graph, net.input(), before, model.getNDManager());
        NDManager manager = trainer.getManager();
        NDArray dx = manager.create(pixels, shape);
        NDArray inference =
            block
                .forward(new ParameterStore(manager, false), new NDList(dx), false)
                .singletonOrThrow()
                .softmax(1);
        Dl4jCrossCheckTest.assertClose(
            net + " probabilities",
            annetOut,
            Nd4j.create(inference.toFloatArray(), new long[] {batch, 10}, 'c'),
            1e-4,
            false);
        long[] labels = new long[batch];
        int[] classes = Batches.classes(net.classes(), batch);
        for (int i = 0; i < batch; i++) {
          labels[i] = classes[i];
        }
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList logits = trainer.forward(new NDList(dx));
          NDArray loss = trainer.getLoss().evaluate(new NDList(manager.create(labels)), logits);
          assertEquals(annetLoss, loss.getFloat(), 1e-4 * annetLoss, net + " loss");
          collector.backward(loss);
        }
        for (Map.Entry<String, INDArray> g : annetGradients.entrySet()) {
          NDArray torch = parameter(graph, g.getKey()).getArray().getGradient();
          Dl4jCrossCheckTest.assertClose(
              net + " gradient of " + g.getKey(),
              Nd4j.create(torch.toFloatArray(), g.getValue().shape(), 'c'),
              g.getValue(),
              1e-3,
              false);
        }
        trainer.step();
        compareStep(net, graph, after);
      }
    }
  }

  /** Every tensor after the step, trained or a running statistic, against Annet's. */
  private static void compareStep(Workload.Net net, DjlGraphs.Graph graph, Weights after) {
    int compared = 0;
    for (Map.Entry<String, Weights.Tensor> e : after.tensors().entrySet()) {
      Weights.Tensor annet = e.getValue();
      float[] torch = parameter(graph, e.getKey()).getArray().toFloatArray();
      Dl4jCrossCheckTest.assertClose(
          net + " after one step: " + e.getKey(),
          Nd4j.create(torch, annet.shape(), 'c'),
          Nd4j.create(annet.data(), annet.shape(), 'c'),
          1e-4,
          false);
      compared++;
    }
    assertEquals(after.tensors().size(), compared);
  }

  /** DJL's parameter for the Annet tensor {@code name} (layer name, dot, suffix). */
  private static Parameter parameter(DjlGraphs.Graph graph, String name) {
    int dot = name.lastIndexOf('.');
    Block layer = graph.layers().get(name.substring(0, dot));
    String suffix = name.substring(dot + 1);
    String djl =
        switch (suffix) {
          case "mean" -> "runningMean";
          case "var" -> "runningVar";
          default -> suffix;
        };
    return layer.getDirectParameters().get(djl);
  }

  /** Scales in [0.5, 1.5], shifts and means in [-0.2, 0.2], variances in [0.5, 1.5]. */
  private static void randomiseBatchNorms(Network net) {
    SplittableRandom random = new SplittableRandom(17);
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      String name = e.getKey();
      boolean scale = name.endsWith(".gamma") || name.endsWith(".var");
      boolean shift = name.endsWith(".beta") || name.endsWith(".mean");
      if (!scale && !shift) {
        continue;
      }
      INDArray v = e.getValue();
      for (long i = 0; i < v.length(); i++) {
        double r = random.nextDouble();
        v.putScalar(i, scale ? 0.5 + r : 0.4 * r - 0.2);
      }
    }
  }
}
