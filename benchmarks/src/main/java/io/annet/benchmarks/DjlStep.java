package io.annet.benchmarks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * A workload on PyTorch through Deep Java Library: a {@link Trainer} with plain SGD for training
 * (no listeners), a bare block forward for inference; every call's temporaries are freed with a
 * sub-manager. Chains come from {@link DjlNets}, the graphs from {@link DjlGraphs}.
 */
final class DjlStep implements Step {
  private final Model model;
  private final Block block;
  private final NDManager manager;
  private final Trainer trainer;
  private final ParameterStore store;
  private final NDArray x;
  private final NDArray y;

  DjlStep(Workload workload, Weights weights) {
    Workload.Net net = workload.net();
    int batch = workload.batch();
    model = Model.newInstance(net.name());
    DjlGraphs.Graph graph = net.graph() ? DjlGraphs.build(net) : null;
    block = graph != null ? graph.block() : DjlNets.build(workload.arch());
    model.setBlock(block);
    manager = model.getNDManager().newSubManager();
    Shape shape = new Shape(Batches.shape(net.input(), batch));
    if (workload.train()) {
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.sgd()
                      .setLearningRateTracker(Tracker.fixed((float) LEARNING_RATE))
                      .build());
      trainer = model.newTrainer(config);
      trainer.initialize(shape);
      store = null;
    } else {
      trainer = null;
      store = new ParameterStore(manager, false);
    }
    if (graph != null) {
      DjlGraphs.load(graph, net.input(), weights, model.getNDManager());
    } else {
      DjlNets.load(block, workload.arch(), weights, model.getNDManager());
    }
    x = manager.create(Batches.images(net.input(), batch, 7), shape);
    int[] classes = Batches.classes(net.classes(), batch);
    long[] labels = new long[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = classes[i];
    }
    y = manager.create(labels);
  }

  @Override
  public void run() {
    try (NDManager call = manager.newSubManager()) {
      x.tempAttach(call);
      if (trainer != null) {
        y.tempAttach(call);
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList predictions = trainer.forward(new NDList(x));
          NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
          collector.backward(loss);
        }
        trainer.step();
      } else {
        NDArray probabilities =
            block.forward(store, new NDList(x), false).singletonOrThrow().softmax(1);
        probabilities.getFloat(0, 0);
      }
    }
  }

  @Override
  public void close() {
    if (trainer != null) {
      trainer.close();
    }
    manager.close();
    model.close();
  }
}
