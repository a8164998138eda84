package io.annet.benchmarks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A workload on DL4J's {@code MultiLayerNetwork}, used the way its documentation shows. */
final class Dl4jStep implements Step {
  private final MultiLayerNetwork net;
  private final INDArray x;
  private final INDArray y;
  private final boolean train;

  Dl4jStep(Workload workload, Weights weights) {
    Arch arch = workload.arch();
    int batch = workload.batch();
    net = Dl4jNets.build(arch, DataType.FLOAT, LEARNING_RATE);
    Dl4jNets.setParameters(net, arch, Dl4jNets.toArrays(weights, DataType.FLOAT));
    x = Nd4j.create(Batches.images(arch, batch, 7), Batches.shape(arch, batch), 'c');
    y = Nd4j.create(Batches.oneHot(arch, batch), new long[] {batch, arch.classes()}, 'c');
    train = workload.train();
  }

  @Override
  public void run() {
    if (train) {
      net.fit(x, y);
    } else {
      net.output(x, false);
    }
  }
}
