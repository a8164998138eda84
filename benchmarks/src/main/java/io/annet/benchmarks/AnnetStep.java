package io.annet.benchmarks;

import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.Predictor;
import io.annet.runtime.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A workload on the networks Annet generated from {@link NinCifar}, {@link MnistGap} and the
 * example graphs {@code ResNetCifar} and {@code InceptionMnist}.
 */
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
  /** What the inference rows time: a predictor of the seeded network (null for training rows). */
  private final Predictor predictor;

  AnnetStep(Workload workload) {
    Workload.Net n = workload.net();
    int batch = workload.batch();
    net = create(n, DataType.FLOAT);
    parameters = net.parameters();
    gradients = net.gradients();
    x = input(workload);
    y = Nd4j.create(Batches.oneHot(n.classes(), batch), new long[] {batch, n.classes()}, 'c');
    train = workload.train();
    predictor = train ? null : Predictor.of(net);
  }

  /** A fresh network from {@link #SEED}: NIN-CIFAR or MNIST GAP. */
  static Network create(boolean nin, DataType dtype) {
    return create(nin ? Workload.Net.NIN : Workload.Net.MNIST, dtype);
  }

  /** A fresh network {@code n} from {@link #SEED}. */
  static Network create(Workload.Net n, DataType dtype) {
    return switch (n) {
      case NIN -> NinCifarNetwork.create(SEED, dtype);
      case MNIST -> MnistGapNetwork.create(SEED, dtype);
      case RESNET -> ResNetCifarNetwork.create(SEED, dtype);
      case INCEPTION -> InceptionMnistNetwork.create(SEED, dtype);
    };
  }

  /** The workload's input batch (the same pixels every worker uses), float32 NCHW. */
  static INDArray input(Workload w) {
    Workload.Net n = w.net();
    return Nd4j.create(
        Batches.images(n.input(), w.batch(), 7), Batches.shape(n.input(), w.batch()), 'c');
  }

  /** Multiply-accumulates per example, as the processor counted them. */
  static long macs(Workload.Net n) {
    return switch (n) {
      case NIN -> NinCifarNetwork.MACS;
      case MNIST -> MnistGapNetwork.MACS;
      case RESNET -> ResNetCifarNetwork.MACS;
      case INCEPTION -> InceptionMnistNetwork.MACS;
    };
  }

  /**
   * Writes the ONNX export of the seeded network of {@code w} to {@code onnx}, and its {@code
   * predict} on the workload's input to {@link OrtStep#expectedFile(Path)}, for ONNX Runtime.
   */
  static void exportOnnx(Workload w, Path onnx) throws IOException {
    Network net = create(w.net(), DataType.FLOAT);
    net.exportOnnx(onnx);
    INDArray probabilities = net.predict(input(w));
    Map<String, Weights.Tensor> out = new LinkedHashMap<>();
    out.put(
        "probabilities",
        new Weights.Tensor(probabilities.shape(), probabilities.dup('c').data().asFloat()));
    new Weights(out).write(OrtStep.expectedFile(onnx));
  }

  /** The initial float32 weights of the seeded NIN-CIFAR or MNIST GAP, for the other frameworks. */
  static Weights initialWeights(boolean nin) {
    return initialWeights(nin ? Workload.Net.NIN : Workload.Net.MNIST);
  }

  /**
   * The initial float32 tensors of the seeded network {@code n}, for the other frameworks: every
   * parameter, batch-norm running statistics included.
   */
  static Weights initialWeights(Workload.Net n) {
    return weights(create(n, DataType.FLOAT));
  }

  /** The float32 tensors of {@code net}, running statistics included, by parameter name. */
  static Weights weights(Network net) {
    Map<String, Weights.Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      INDArray v = e.getValue();
      tensors.put(e.getKey(), new Weights.Tensor(v.shape(), v.dup('c').data().asFloat()));
    }
    return new Weights(tensors);
  }

  /** The {@code i}-th parameter array of the network, in its parameter order (for tests). */
  INDArray parameter(int i) {
    return parameters.values().stream().skip(i).findFirst().orElseThrow();
  }

  @Override
  public void run() {
    if (train) {
      net.computeGradients(x, y);
      sgd.step(parameters, gradients);
    } else {
      predictor.predict(x);
    }
  }
}
