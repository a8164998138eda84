package io.annet.runtime;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.FlattenLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A hand-written network as the processor would generate it: conv, BN, flatten, dense, softmax. */
final class TinyNetwork extends Network {
  static final Architecture ARCHITECTURE =
      new Architecture(
          "Tiny", new int[] {1, 4, 4}, 3,
          "Tiny input=[1, 4, 4] classes=3\nconv @Conv -> [2, 4, 4]\nbn @BatchNorm\nflat @Flatten\n"
              + "dense @Dense -> [3]\nprobs @Softmax",
          "(summary)", 2 * 9 + 2 + 4 + 32 * 3 + 3, 0);

  private final ConvLayer conv;
  private final BatchNormLayer bn;
  private final FlattenLayer flat;
  private final DenseLayer dense;
  private final SoftmaxLayer probs;

  TinyNetwork(DataType dtype, long seed) {
    super(ARCHITECTURE, dtype);
    Initializer init = new Initializer(seed);
    conv = new ConvLayer("conv", new int[] {1, 4, 4}, 2, Window.square(3, 1, 1), Activation.TANH,
        true, dtype, init);
    bn = new BatchNormLayer("bn", new int[] {2, 4, 4}, 0.9, 1e-5, dtype);
    flat = new FlattenLayer("flat", new int[] {2, 4, 4}, dtype);
    dense = new DenseLayer("dense", new int[] {32}, 3, Activation.IDENTITY, true, dtype, init);
    probs = new SoftmaxLayer("probs", new int[] {3}, dtype);
    register(conv, bn, flat, dense, probs);
  }

  static TinyNetwork load(java.nio.file.Path path, DataType dtype) throws java.io.IOException {
    TinyNetwork network = new TinyNetwork(dtype, 0L);
    network.restore(path);
    return network;
  }

  ConvLayer conv() {
    return conv;
  }

  @Override
  protected INDArray forward(INDArray x) {
    INDArray a = conv.forward(x, false).output();
    a = bn.forward(a, false).output();
    a = flat.forward(a, false).output();
    a = dense.forward(a, false).output();
    return probs.forward(a, false).output();
  }

  @Override
  protected double trainStep(INDArray x, INDArray labels) {
    ConvLayer.Saved convOut = conv.forward(x, true);
    BatchNormLayer.Saved bnOut = bn.forward(convOut.output(), true);
    FlattenLayer.Saved flatOut = flat.forward(bnOut.output(), true);
    DenseLayer.Saved denseOut = dense.forward(flatOut.output(), true);
    SoftmaxLayer.Saved probsOut = probs.forward(denseOut.output(), true);
    double loss = probs.loss(probsOut, labels);
    INDArray grad = probs.backwardFromLabels(probsOut, labels);
    grad = dense.backward(denseOut, grad);
    grad = flat.backward(flatOut, grad);
    grad = bn.backward(bnOut, grad);
    conv.backward(convOut, grad);
    return loss;
  }

  @Override
  public TinyNetwork copy() {
    TinyNetwork c = new TinyNetwork(dataType(), 0L);
    c.copyParametersFrom(this);
    return c;
  }
}
