package io.annet.benchmarks;

import io.annet.runtime.Network;
import io.annet.runtime.optim.Sgd;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A workload on the networks Annet generated from {@link NinCifar} and {@link MnistGap}. */
final class AnnetStep implements Step {
  /** The seed of every benchmarked Annet network; the other frameworks copy its weights. */
  static final long SEED = 2014;

  private final Network net;
  private final Sgd sgd = new Sgd(LEARNING_RATE);
  private final Map<String, INDArray> parameters;
  private final Map<String, INDArray> gradients;
  private final INDArray x;
  private final INDArray y;
  private final boolean train;

  AnnetStep(Workload workload) {
    Arch arch = workload.arch();
    int batch = workload.batch();
    net = create(workload.nin(), DataType.FLOAT);
    parameters = net.parameters();
    gradients = net.gradients();
    x = Nd4j.create(Batches.images(arch, batch, 7), Batches.shape(arch, batch), 'c');
    y = Nd4j.create(Batches.oneHot(arch, batch), new long[] {batch, arch.classes()}, 'c');
    train = workload.train();
  }

  /** A fresh network from {@link #SEED}: NIN-CIFAR or MNIST GAP. */
  static Network create(boolean nin, DataType dtype) {
    return nin ? NinCifarNetwork.create(SEED, dtype) : MnistGapNetwork.create(SEED, dtype);
  }

  /** Multiply-accumulates per example, as the processor counted them. */
  static long macs(boolean nin) {
    return nin ? NinCifarNetwork.MACS : MnistGapNetwork.MACS;
  }

  /** The initial float32 weights of the seeded network, for the other frameworks. */
  static Weights initialWeights(boolean nin) {
    Map<String, Weights.Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : create(nin, DataType.FLOAT).parameters().entrySet()) {
      INDArray v = e.getValue();
      tensors.put(e.getKey(), new Weights.Tensor(v.shape(), v.dup('c').data().asFloat()));
    }
    return new Weights(tensors);
  }

  @Override
  public void run() {
    if (train) {
      net.computeGradients(x, y);
      sgd.step(parameters, gradients);
    } else {
      net.predict(x);
    }
  }
}
